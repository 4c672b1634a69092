// What the dashboard shows: the replay engine's snapshot after each batch plus the watch
// session around it. Structurally identical to the engine's EngineSnapshot, so it fits as is.
import type { Finding } from '../detect/finding.js';
import type { LockMode } from '../trace/event.js';

/** A lock as a task holds or requests it: instance name, class, mode. */
export interface DashboardLock {
  readonly lock: string;
  readonly cls: string;
  readonly mode: LockMode;
}

/** One task of the model: its held locks and the lock it waits for, if any. */
export interface DashboardTask {
  readonly tid: number;
  readonly comm?: string;
  readonly held: readonly DashboardLock[];
  readonly waitingFor?: DashboardLock;
}

/** The replay engine's state after a batch. */
export interface DashboardSnapshot {
  /** Events replayed so far. */
  readonly events: number;
  /** Trace time of the last replayed event, in nanoseconds on the trace clock. */
  readonly ts: number;
  /** Events the collector reported as dropped. */
  readonly lost: number;
  readonly tasks: readonly DashboardTask[];
  readonly locks: number;
  readonly edges: number;
  readonly cycles: number;
  readonly findings: number;
}

/** Replay speed: a multiple of trace time, or as fast as the replay runs. */
export type Speed = number | 'max';

/** The speeds `+` and `-` step through, slowest first. */
export const SPEEDS: readonly Speed[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 'max'];

/** Everything the watch session knows; the app adds terminal size and UI state. */
export interface DashboardProps {
  /** The input being replayed: a path, `-` for stdin, or `live`. */
  readonly source: string;
  readonly policy: string;
  readonly semantics: string;
  readonly snapshot: DashboardSnapshot;
  readonly eventsPerSecond: number;
  /** Recent events/s samples, oldest first, for the sparkline. */
  readonly history: readonly number[];
  readonly findings: readonly Finding[];
  /** The full text report of finding `index`. */
  readonly reports: (index: number) => string;
  readonly speed: Speed;
  readonly paused: boolean;
  /** The input ended without its footer, or had unreadable records. */
  readonly incomplete: boolean;
  /** The replay reached the end of the input. */
  readonly done: boolean;
}

