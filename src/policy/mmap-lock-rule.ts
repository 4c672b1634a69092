// mmap_lock as the trace shows it, the same under every policy (mmap_lock:mmap_lock_start_locking,
// _acquire_returned, _released; include/linux/mmap_lock.h). START is the request. A blocking
// acquire that returns unsuccessfully (a killable lock interrupted) gives the request back. A
// trylock fires no START: a successful one is a try acquire, a failed one changes nothing. A read
// acquire with no START while the task holds the same mm for write is mmap_write_downgrade(): the
// write hold becomes a read hold.
import { assertUnreachable } from '../assert.js';
import type { MmapLock } from '../trace/event.js';
import type { StepSink } from './policy.js';

/**
 * Applies one mmapLock event of task `tid` of process `pid`. The lock instance is "pid:0xmm": an
 * mm's address is reused once its process is gone, so the address alone does not name one lock.
 */
export type MmapLockRule = (sink: StepSink, tid: number, pid: number, event: MmapLock) => void;

const NO_PENDING = -1n;

export function createMmapLockRule(): MmapLockRule {
  const ids = new Map<number, Map<bigint, number>>();
  // The mm each task has requested (START) and not yet seen returned; NO_PENDING when none.
  const pending = new Map<number, bigint>();
  // The mm each task holds for write; NO_PENDING when none.
  const writeHeld = new Map<number, bigint>();

  function lockId(sink: StepSink, pid: number, mm: bigint): number {
    let byMm = ids.get(pid);
    if (byMm === undefined) ids.set(pid, (byMm = new Map()));
    let id = byMm.get(mm);
    if (id === undefined) {
      id = sink.lockId({ lock: `${pid}:0x${mm.toString(16)}`, cls: 'mmap_lock', subclass: 0 });
      byMm.set(mm, id);
    }
    return id;
  }

  return (sink, tid, pid, event) => {
    const lock = lockId(sink, pid, event.mm);
    switch (event.phase) {
      case 'START':
        pending.set(tid, event.mm);
        sink.acquire(tid, lock, event.write ? 'EXCLUSIVE' : 'SHARED', false);
        return;
      case 'ACQUIRED': {
        const requested = pending.get(tid) === event.mm;
        if (requested) pending.set(tid, NO_PENDING);
        if (requested && !event.success) sink.release(tid, lock);
        if (!requested && event.success) {
          const downgrade = !event.write && writeHeld.get(tid) === event.mm;
          if (downgrade) sink.release(tid, lock);
          sink.acquire(tid, lock, event.write ? 'EXCLUSIVE' : 'SHARED', true);
        }
        if (event.success) writeHeld.set(tid, event.write ? event.mm : NO_PENDING);
        return;
      }
      case 'RELEASED':
        if (writeHeld.get(tid) === event.mm) writeHeld.set(tid, NO_PENDING);
        sink.release(tid, lock);
        return;
      default:
        assertUnreachable(event.phase);
    }
  };
}
