// What the dashboard shows: the replay engine's snapshot after each batch (EngineSnapshot, defined
// once in replay/engine-snapshot.ts) plus the watch session around it.
import type { Finding } from '../detect/finding.js';
import type { EngineSnapshot } from '../replay/engine-snapshot.js';
import type { PaceSpeed } from '../replay/pace-clock.js';

/** Replay speed: a multiple of trace time, or as fast as the replay runs (the pacing's own type). */
export type Speed = PaceSpeed;

/** The speeds `+` and `-` step through, slowest first. */
export const SPEEDS: readonly Speed[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 'max'];

/** Everything the watch session knows; the app adds terminal size and UI state. */
export interface DashboardProps {
  /** The input being replayed: a path, `-` for stdin, or `live`. */
  readonly source: string;
  readonly policy: string;
  readonly semantics: string;
  readonly snapshot: EngineSnapshot;
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

