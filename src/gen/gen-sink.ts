// Where the generator puts events: plain lock events by the lock's index (so a byte sink can
// encode them without a bigint or an object), anything else as a TraceEvent.
import type { TraceEvent } from '../trace/event.js';

export interface GenSink {
  /** Events taken since the last batch was taken. */
  readonly pending: number;
  /** A lock event without comm, stack, cls or name; `op` and `mode` are schema enum numbers. */
  lock(ts: number, tid: number, pid: number, op: number, lock: number, mode: number, tryLock: boolean): void;
  event(event: TraceEvent): void;
}

// Lock ids look like kernel addresses (0xffff…, above 2^53): 64-byte aligned from GEN_LOCK_BASE.
const GEN_LOCK_HI = 0xffff8880;
const GEN_LOCK_LO = 0x00100000;

/** The 64-bit id of generated lock `index`, as halves. */
export function genLockHalves(index: number): readonly [number, number] {
  return [GEN_LOCK_LO + index * 64, GEN_LOCK_HI];
}

/** The 64-bit id of generated lock `index`. */
export function genLockId(index: number): bigint {
  const [lo, hi] = genLockHalves(index);
  return (BigInt(hi) << 32n) | BigInt(lo);
}
