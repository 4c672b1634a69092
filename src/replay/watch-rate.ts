// Events per second of a replay, from its event count sampled at each frame, and one value per
// second for the dashboard's sparkline.

/** The event count at a wall time (scheduler ms). */
export interface RateSample {
  readonly ms: number;
  readonly events: number;
}

export interface RateState {
  /** Samples of the last RATE_WINDOW_MS, plus the newest one before it (the window's base). */
  readonly samples: readonly RateSample[];
  readonly eventsPerSecond: number;
  /** One value per whole second since the start, oldest first, at most HISTORY_LENGTH. */
  readonly history: readonly number[];
  /** Wall time at which the next history value is due. */
  readonly nextHistoryMs: number;
}

export const RATE_WINDOW_MS = 1000;
export const HISTORY_LENGTH = 120;

// No events yet at `nowMs`.
export function initialRate(nowMs: number): RateState {
  return { samples: [{ ms: nowMs, events: 0 }], eventsPerSecond: 0, history: [], nextHistoryMs: nowMs + RATE_WINDOW_MS };
}

// The rate after sampling `events` at `nowMs`; a count that went down (a new replay) starts over.
export function stepRate(state: RateState, nowMs: number, events: number): RateState {
  const last = state.samples[state.samples.length - 1];
  const restarted = events < last.events;
  const inWindow = state.samples.findIndex((s) => nowMs - s.ms < RATE_WINDOW_MS);
  const from = Math.max(0, (inWindow === -1 ? state.samples.length : inWindow) - 1);
  const samples = [...(restarted ? [] : state.samples.slice(from)), { ms: nowMs, events }];
  const base = samples[0];
  const eventsPerSecond = nowMs > base.ms ? ((events - base.events) * 1000) / (nowMs - base.ms) : restarted ? 0 : state.eventsPerSecond;
  let history = state.history;
  let nextHistoryMs = state.nextHistoryMs;
  if (nowMs >= nextHistoryMs) {
    // A frame may come after seconds without one (paused, or a gap at ×1): those seconds had this rate.
    const seconds = Math.floor((nowMs - nextHistoryMs) / RATE_WINDOW_MS) + 1;
    const added = Array.from({ length: Math.min(seconds, HISTORY_LENGTH) }, () => eventsPerSecond);
    history = [...history, ...added].slice(-HISTORY_LENGTH);
    nextHistoryMs += seconds * RATE_WINDOW_MS;
  }
  return { samples, eventsPerSecond, history, nextHistoryMs };
}
