// What the detectors report (docs/design.md §4): every finding names its locks, tasks, the events that
// made each edge, and the policy; findings are de-duplicated by `key` and counted.
import type { LockMode } from '../trace/event.js';
import type { FileEntry, FrameEntry } from '../trace/trace-symbols.js';

export type FindingKind =
  | 'aa' | 'wait-cycle' | 'order-inversion' | 'bad-unlock' | 'coherency' | 'held-at-exit' | 'destroy-locked';
export const FINDING_KINDS: readonly FindingKind[] = [
  'aa', 'wait-cycle', 'order-inversion', 'bad-unlock', 'coherency', 'held-at-exit', 'destroy-locked',
];
/** `instance` (the default), `predictive` (only feasible inversions) or `lockdep` (class-level). */
export type Semantics = 'instance' | 'predictive' | 'lockdep';
export const SEMANTICS: readonly Semantics[] = ['instance', 'predictive', 'lockdep'];

/**
 * Why an inversion found on instances can or cannot deadlock in this run (instance semantics):
 * `feasible` (distinct tasks that could run at once, no common gate lock), or why not.
 */
export type Qualification = 'feasible' | 'same-task' | 'fork-join-ordered' | 'gate-lock';

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
  /** Dependency edges (aa, wait-cycle, order-inversion); empty for the other kinds. */
  readonly edges: readonly FindingEdge[];
  /** One line on what happened, for bad-unlock, coherency, held-at-exit and destroy-locked. */
  readonly detail?: string;
  /** De-duplication key: the cycle of (class, mode), rotated to a canonical start. */
  readonly key: string;
  /** How many times this key was found. */
  readonly count: number;
  /**
   * Other kinds under which the same cycle of (class, mode) steps was found and is not listed
   * again (docs/design.md §5): a wait-cycle that is also a lock-order inversion.
   */
  readonly alsoKinds?: readonly FindingKind[];
  /** Order inversions under instance semantics: can it deadlock in this run, or why not. */
  readonly qualification?: Qualification;
  /** With `gate-lock`: the lock every task of the cycle holds exclusively around its edges. */
  readonly gate?: { readonly cls: string; readonly lock: string };
  /**
   * Order inversions under instance and lockdep semantics: further cycles among the same
   * strongly connected set of locks that this finding stands for (at least this many).
   */
  readonly moreCycles?: number;
  /** Events the collector lost between the finding's first and last event (absent: none). */
  readonly lostInWindow?: number;
}
