// A GenSink that collects TraceEvents into batches (tests, in-process use).
import type { TraceEvent } from '../trace/event.js';
import { genLockId, type GenSink } from './gen-sink.js';
import { withGetters } from '../with-getters.js';

const OPS = ['ACQUIRE', 'RELEASE', 'TRY_FAILED'] as const;
const MODES = ['EXCLUSIVE', 'SHARED', 'SHARED_RECURSIVE', 'ADD', 'BLOCK'] as const;

export interface BatchGenSink extends GenSink {
  /** The events since the last take. */
  take(): TraceEvent[];
}

export function createBatchGenSink(): BatchGenSink {
  let events: TraceEvent[] = [];
  const methods: Omit<BatchGenSink, 'pending'> = {
    lock(ts, tid, pid, op, lock, mode, tryLock) {
      events.push({
        ts, tid, pid, cpu: 0, kind: 'lock',
        lock: { op: OPS[op], lock: genLockId(lock), cls: '', mode: MODES[mode], try: tryLock, subclass: 0 },
      });
    },
    event(event) { events.push(event); },
    take() {
      const out = events;
      events = [];
      return out;
    },
  };
  return withGetters(methods, { pending: () => events.length });
}
