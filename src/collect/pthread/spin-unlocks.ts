// glibc's pthread_spin_unlock and pthread_spin_init are one function (both store 1 in the
// lock word), so pthread.bt cannot tell them apart: the decoder records the call as a RELEASE
// of a SPINLOCK, and this pass, over the pthread collector's events in time order (the
// spin_lock events come from another reader, spin-lock-probe.ts), keeps it a RELEASE when the
// task holds the lock and makes it an INIT otherwise. An unlock of a spinlock the task does not
// hold therefore reads as an init.
import type { TraceEvent } from '../../trace/event.js';

export interface SpinUnlocks {
  /** The event, or the INIT a spin unlock of a lock not held is. Call in time order. */
  resolve(event: TraceEvent): TraceEvent;
}

// A fresh pass (no lock held).
export function createSpinUnlocks(): SpinUnlocks {
  // Acquisitions not yet released, per "tid:lock" (recursive locks count up).
  const held = new Map<string, number>();
  const add = (key: string, n: number): void => {
    const count = (held.get(key) ?? 0) + n;
    if (count > 0) held.set(key, count);
    else held.delete(key);
  };
  return {
    resolve(event) {
      if (event.kind !== 'lock') return event;
      const op = event.lock;
      const key = `${event.tid}:${op.lock}`;
      switch (op.op) {
        case 'ACQUIRE':
          add(key, 1);
          return event;
        case 'FAILED':
          add(key, -1);
          return event;
        case 'RELEASE':
          if (op.type === 'SPINLOCK' && !held.has(key)) {
            return { ...event, lock: { ...op, op: 'INIT', mode: 'EXCLUSIVE' } };
          }
          add(key, -1);
          return event;
        case 'TRY_FAILED':
        case 'INIT':
        case 'DESTROY':
          return event;
      }
    },
  };
}
