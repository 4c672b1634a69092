// Turns the records of faultline's two pthread_spin_lock uprobe events (spin-lock-site.ts) into
// lock events. `spin_lock` fires after each attempt (the `jne` after `lock decl`), `spin_taken`
// once the lock is taken. A task's first attempt is the request: an ACQUIRE of a SPINLOCK,
// EXCLUSIVE, stamped before the task spins, so a spin that never ends still leaves its edge;
// the attempts that follow (the word was seen free but another task took it first) are the
// same call and are dropped until its `spin_taken`. Records must come in time order (the
// per-CPU ring buffers merged).
import type { TraceEvent } from '../../trace/event.js';
import type { FormatField } from '../ftrace/event-format.js';

/** The two events' ids and the field the lock address is in (the same in both). */
export interface SpinLockRecordLayout {
  readonly requestId: number;
  readonly takenId: number;
  readonly lock: FormatField;
}

/** comm and TGID of a tid (the tracefs task tables). */
export interface SpinLockTaskNames {
  comm(tid: number): string | undefined;
  tgid(tid: number): number | undefined;
}

export interface SpinLockDecoder {
  /** The event of one record, view bytes [start, start + length); undefined for the others. */
  decode(view: DataView, cpu: number, ts: number, start: number, length: number): TraceEvent | undefined;
  /** Records of neither event, or too short, so far. */
  readonly unknown: number;
}

// Offsets of every trace record's common fields (include/linux/trace_events.h).
const COMMON_TYPE = 0;
const COMMON_PID = 4;

// One decoder per recording; `nameOf(pid, lock)` names a lock address, or undefined.
export function createSpinLockDecoder(
  layout: SpinLockRecordLayout,
  names: SpinLockTaskNames,
  nameOf: (pid: number, lock: bigint) => string | undefined = () => undefined,
): SpinLockDecoder {
  // The lock each spinning task asked for, until it took it.
  const spinning = new Map<number, bigint>();
  // "pid:lock" of the locks whose type was recorded.
  const typed = new Set<string>();
  let unknown = 0;
  const end = layout.lock.offset + 8;
  return {
    decode(view, cpu, ts, start, length) {
      if (length < end) {
        unknown++;
        return undefined;
      }
      const id = view.getUint16(start + COMMON_TYPE, true);
      const tid = view.getInt32(start + COMMON_PID, true);
      const lock = view.getBigUint64(start + layout.lock.offset, true);
      if (id === layout.takenId) {
        spinning.delete(tid);
        return undefined;
      }
      if (id !== layout.requestId) {
        unknown++;
        return undefined;
      }
      if (spinning.get(tid) === lock) return undefined;
      spinning.set(tid, lock);
      const pid = names.tgid(tid) ?? tid;
      const comm = names.comm(tid);
      const key = `${pid}:${lock}`;
      const first = !typed.has(key);
      typed.add(key);
      const name = nameOf(pid, lock);
      return {
        ts, tid, pid, cpu, ...(comm === undefined ? {} : { comm }),
        kind: 'lock',
        lock: {
          op: 'ACQUIRE', lock, cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0,
          ...(name === undefined ? {} : { name }),
          ...(first ? { type: 'SPINLOCK' as const } : {}),
        },
      };
    },
    get unknown() {
      return unknown;
    },
  };
}
