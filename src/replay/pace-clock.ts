// The clock of a paced replay: which trace time is due at a wall time, at a speed, paused or not.
// Wall time is the scheduler's clock in milliseconds; trace time is nanoseconds on the trace clock.

/** A multiple of recorded pace, or as fast as the replay runs. */
export type PaceSpeed = number | 'max';

/** What the user steers: speed and pause. */
export interface PaceControl {
  readonly speed: PaceSpeed;
  readonly paused: boolean;
}

/** At wall time `wallMs` the replay stood at trace time `traceNs`; `traceNs` is undefined before the first chunk. */
export interface PaceClock extends PaceControl {
  readonly wallMs: number;
  readonly traceNs: number | undefined;
}

/** How far (wall ms) the replay may fall behind its clock before the clock waits for it instead of bursting. */
export const MAX_LAG_MS = 250;

const NS_PER_MS = 1e6;

// A clock that has not started: the first chunk starts it at that chunk's ts.
export function idleClock(control: PaceControl, nowMs: number): PaceClock {
  return { ...control, wallMs: nowMs, traceNs: undefined };
}

// The trace time due at `nowMs`; it stands still while paused and at 'max' (where the replay leads).
export function traceNow(clock: PaceClock, nowMs: number): number | undefined {
  if (clock.traceNs === undefined || clock.paused || clock.speed === 'max') return clock.traceNs;
  return clock.traceNs + (nowMs - clock.wallMs) * NS_PER_MS * clock.speed;
}

// A speed or pause change takes effect at once: the clock is re-anchored where it stands now.
export function steerClock(clock: PaceClock, control: PaceControl, nowMs: number): PaceClock {
  return { ...control, wallMs: nowMs, traceNs: traceNow(clock, nowMs) };
}

// Wall milliseconds until a chunk starting at trace time `ts` is due: 0 for now, undefined while paused.
export function delayMs(clock: PaceClock, ts: number, nowMs: number): number | undefined {
  if (clock.paused) return undefined;
  const now = traceNow(clock, nowMs);
  if (now === undefined || clock.speed === 'max') return 0;
  return Math.max(0, (ts - now) / NS_PER_MS / clock.speed);
}

// How late (wall ms, negative when early) a chunk starting at `ts` is at `nowMs` on a running
// paced clock; 0 at 'max', while paused, and before the clock starts.
export function lateMs(clock: PaceClock, ts: number, nowMs: number): number {
  const now = traceNow(clock, nowMs);
  if (now === undefined || clock.paused || clock.speed === 'max') return 0;
  return (now - ts) / NS_PER_MS / clock.speed;
}

// The clock after a chunk starting at `ts` was replayed at `nowMs`: started by the first chunk,
// following the replay at 'max', and waiting for a replay more than MAX_LAG_MS behind.
export function clockAfterChunk(clock: PaceClock, ts: number, nowMs: number): PaceClock {
  const now = traceNow(clock, nowMs);
  if (now === undefined || clock.speed === 'max') return { ...clock, wallMs: nowMs, traceNs: ts };
  if (!clock.paused && (now - ts) / NS_PER_MS / clock.speed > MAX_LAG_MS) return { ...clock, wallMs: nowMs, traceNs: ts };
  return clock;
}
