// A policy turns operation events (DIO, faults, page cache, file ops) into lock operations
// on synthetic locks, so one real trace replays under several locking schemes (docs/design.md §3).
// LockOp events never reach a policy: the replay engine applies them unchanged.
import type { Hazard } from '../model/hazard.js';
import type { LockTarget } from '../model/lock-target.js';
import type { LockMode, TraceEvent } from '../trace/event.js';

export type PolicyName = 'naive' | 'fdm' | 'fdm-ordered' | 'mainline';
export const POLICY_NAMES: readonly PolicyName[] = ['naive', 'fdm', 'fdm-ordered', 'mainline'];

/**
 * What a policy drives. The engine that implements it knows the current event (index, ts,
 * stack), so a step carries only what differs. Lock ids come from `lockId` and are stable for
 * the whole replay: policies cache them per file, so the replay loop allocates nothing per event.
 */
export interface StepSink {
  /** Dense id of a synthetic lock (interned; same target → same id). */
  lockId(target: LockTarget): number;
  /** Request `lock` in `mode`; `tryLock` requests never wait and add no incoming order edge. */
  acquire(tid: number, lock: number, mode: LockMode, tryLock: boolean): void;
  /** Release one hold of `lock` by `tid`. */
  release(tid: number, lock: number): void;
  /** True when `tid` requesting `lock` in `mode` now would wait on another holder (`blocks()`). */
  wouldBlock(tid: number, lock: number, mode: LockMode): boolean;
  /** Report a coherency hazard at the current event. */
  hazard(h: Hazard): void;
}

/** A policy instance: per-replay state in a closure; `apply` is called for every non-lock event. */
export interface Policy {
  readonly name: PolicyName;
  apply(event: TraceEvent, index: number, sink: StepSink): void;
  /**
   * The collector lost events of task `tid` (0: of every task) at this point: what the policy
   * keeps open for it (file operations, DIOs), whose end may be among the lost events, is closed
   * and its synthetic holds released.
   */
  lose(tid: number, sink: StepSink): void;
  /** How many synthetic holds the policy released so far because their end may have been lost. */
  releasesAfterLoss(): number;
}
