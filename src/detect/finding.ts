// What the detectors report (docs/design.md §4): every finding names its locks, tasks, the events that
// made each edge, and the policy; findings are de-duplicated by `key` and counted.
import type { LockMode } from '../trace/event.js';
import type { FileEntry, FrameEntry } from '../trace/trace-symbols.js';

export type FindingKind = 'aa' | 'wait-cycle' | 'order-inversion' | 'bad-unlock' | 'coherency';
export type Semantics = 'predictive' | 'lockdep';

export interface FindingLock {
  /** Instance: decimal uint64 for LockOp locks, "major:minor:ino" for synthetic ones. */
  readonly lock: string;
  readonly cls: string;
  readonly mode: LockMode;
  /** Symbol name, when the trace carries one. */
  readonly name?: string;
  /** A synthetic file lock's file as the trace recorded it (set by the report from the trace's Symbols). */
  readonly file?: FileEntry;
}

export interface FindingTask { readonly tid: number; readonly comm?: string }

export interface FindingEvent {
  /** 0-based index of the event in the input. */
  readonly index: number;
  readonly ts: number;
  readonly tid: number;
  readonly stack?: readonly bigint[];
  /** `stack` symbolized from the trace's Symbols (set by the report). */
  readonly frames?: readonly FrameEntry[];
}

/**
 * One dependency: task `tid`, holding `held` (taken at `heldAt`), requested `requested` (at
 * `requestedAt`). AA is one edge from a lock to itself; a cycle is one edge per task/step.
 */
export interface FindingEdge {
  readonly task: FindingTask;
  readonly held: FindingLock;
  readonly heldAt: FindingEvent;
  readonly requested: FindingLock;
  readonly requestedAt: FindingEvent;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly policy: string;
  readonly semantics: Semantics;
  readonly locks: readonly FindingLock[];
  readonly tasks: readonly FindingTask[];
  /** The events behind the finding, in input order. */
  readonly events: readonly FindingEvent[];
  /** Dependency edges (aa, wait-cycle, order-inversion); empty for bad-unlock and coherency. */
  readonly edges: readonly FindingEdge[];
  /** One line on what happened, for bad-unlock and coherency. */
  readonly detail?: string;
  /** De-duplication key: the cycle of (class, mode), rotated to a canonical start. */
  readonly key: string;
  /** How many times this key was found. */
  readonly count: number;
}
