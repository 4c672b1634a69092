// What every detector reads: the model, the findings so far, the replay's policy and semantics,
// and the current event (a cursor the replay engine moves; its fields, not objects, per event).
import type { LockState } from '../model/lock-state.js';
import type { Semantics } from './finding.js';
import type { FindingLog } from './finding-log.js';

/** The event being replayed: 0-based input index, ts (ns, trace clock) and stack. */
export interface Cursor {
  index: number;
  ts: number;
  stack: readonly bigint[] | undefined;
}

export interface DetectContext {
  readonly state: LockState;
  readonly log: FindingLog;
  readonly policy: string;
  readonly semantics: Semantics;
  readonly cursor: Cursor;
}
