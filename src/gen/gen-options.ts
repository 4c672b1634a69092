// What a synthetic trace holds (faultline gen): sizes, the planted deadlocks whose findings are
// therefore known, and the seed.
import { UsageError } from '../trace/errors.js';

export interface GenOptions {
  /** Events in the trace, exactly. */
  readonly events: number;
  /** Worker tasks (plus one parent task that forks them). */
  readonly tasks: number;
  /** Locks in the shared pool, always taken in one global order (so they never deadlock). */
  readonly locks: number;
  /** Most pool locks a task holds at once. */
  readonly depth: number;
  /**
   * 0: a task's nested locks spread over the whole pool (few distinct lock pairs). Otherwise
   * each nested lock is at most `window` past the one before (the many-locks shape: a task's
   * first lock anywhere, so distinct pairs grow with locks × window).
   */
  readonly window: number;
  /** Planted AB/BA inversions (two tasks, two fresh locks each). */
  readonly abba: number;
  /** Planted A→B→C→A cycles (three tasks, three fresh locks each). */
  readonly abc: number;
  /** Planted recursive acquisitions of a fresh lock (AA). */
  readonly aa: number;
  /** Mix in DIO writes, file faults and page-cache adds (the seed's kinds), none conflicting. */
  readonly dio: boolean;
  readonly seed: number;
  /** Events per Batch record. */
  readonly batchSize: number;
}

export const DEFAULT_GEN_OPTIONS: GenOptions = {
  events: 1_000_000, tasks: 8, locks: 64, depth: 4, window: 0, abba: 2, abc: 1, aa: 1, dio: false, seed: 1, batchSize: 4096,
};

/** Events the planted cases and the task announcements take. */
export function fixedEvents(options: GenOptions): number {
  return options.tasks + 1 + 8 * options.abba + 12 * options.abc + 4 * options.aa;
}

/** UsageError unless the options describe a trace that can be generated. */
export function checkGenOptions(options: GenOptions): GenOptions {
  const int = (name: keyof GenOptions, min: number): void => {
    const value = options[name] as number;
    if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name}: expected an integer ≥ ${min}, got ${value}`);
  };
  int('events', 1); int('tasks', 1); int('locks', 1); int('depth', 1); int('window', 0); int('abba', 0); int('abc', 0); int('aa', 0);
  int('batchSize', 1); int('seed', 0);
  if (options.abba > 0 && options.tasks < 2) throw new UsageError('--abba: expected at least 2 tasks');
  if (options.abc > 0 && options.tasks < 3) throw new UsageError('--abc: expected at least 3 tasks');
  if (options.depth > options.locks) throw new UsageError(`--depth: expected at most --locks (${options.locks}), got ${options.depth}`);
  if (options.events < fixedEvents(options)) {
    throw new UsageError(`--events: expected at least ${fixedEvents(options)} for these tasks and planted cases, got ${options.events}`);
  }
  return options;
}

/** The findings a check of the trace reports, by kind, under every policy and semantics. */
export function expectedFindings(options: GenOptions): Readonly<Record<'aa' | 'order-inversion', number>> {
  return { aa: options.aa, 'order-inversion': options.abba + options.abc };
}
