// A steady frame rate for the dashboard: at most one frame per frame time, the first change shown
// at once and the last one always (leading and trailing), whatever the replay's pace.
import { asyncScheduler, filter, merge, share, throttle, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { PaceSpeed } from './pace-clock.js';

/** 100 ms: ten frames a second, enough to follow a paced replay and cheap next to it. */
export const FRAME_MS = 100;
/**
 * 1 s at 'max': a replay as fast as possible is watched as progress, and a terminal frame
 * (React, Ink's layout and ANSI output of a full screen) costs 10-25 ms of the replay's thread:
 * one a second keeps the dashboard within a few percent of `check` on the same trace.
 */
export const MAX_SPEED_FRAME_MS = 1000;

// The frame time at `speed` for a paced frame time of `frameMs`.
export function frameMsAt(speed: PaceSpeed, frameMs: number = FRAME_MS): number {
  return speed === 'max' ? Math.max(frameMs, MAX_SPEED_FRAME_MS) : frameMs;
}

// At most one value per `frameMs()` (read at the start of each frame), leading and trailing;
// values for which `now(value)` holds (the end of a replay) pass at once, not at the frame's end.
export function throttleFrames<T>(
  frameMs: () => number = () => FRAME_MS, scheduler: SchedulerLike = asyncScheduler, now: (value: T) => boolean = () => false,
): MonoTypeOperatorFunction<T> {
  return (source) => source.pipe(
    share(),
    (shared) => merge(
      shared.pipe(filter((value) => !now(value)), throttle(() => timer(frameMs(), scheduler), { leading: true, trailing: true })),
      shared.pipe(filter(now)),
    ),
  );
}
