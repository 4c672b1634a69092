// Pacing in RxJS: batches replayed at recorded pace × speed, or as fast as possible ('max'),
// pausable, a speed or pause change taking effect at once (a pending wait is re-timed); events
// denser than a frame are stepped through a few a frame, within a budget (pace-steps.ts). Every
// wait runs on the given scheduler, so pacing is testable in virtual time.
import {
  EMPTY, NEVER, Observable, Subject, asyncScheduler, concatMap, from, map, of, startWith, switchMap, take, timer,
  type MonoTypeOperatorFunction, type SchedulerLike,
} from 'rxjs';
import type { Batch } from '../trace/event.js';
import { DEFAULT_CHUNK_LIMITS, batchTs, splitBatch, type ChunkLimits } from './pace-chunks.js';
import { clockAfterChunk, delayMs, idleClock, lateMs, steerClock, type PaceClock, type PaceControl, type PaceSpeed } from './pace-clock.js';
import { STEP_BUDGET_MS, stepChunk } from './pace-steps.js';
import { FRAME_MS } from './watch-frames.js';

export interface PaceOptions {
  /** Where waits run (default asyncScheduler); a TestScheduler in tests. */
  readonly scheduler?: SchedulerLike;
  readonly limits?: ChunkLimits;
}

/** One batch as its chunks, each emitted when due; completes after the last. */
export type PaceBatch = (batch: Batch) => Observable<Batch>;

// Runs `body` with a pacer whose clock follows `control$` for as long as the result is subscribed.
// `control$` must emit its current value on subscription (a BehaviorSubject); chunks wait until it has.
export function withPacer(
  control$: Observable<PaceControl>,
  options: PaceOptions,
  body: (pace: PaceBatch) => Observable<Batch>,
): Observable<Batch> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const limits = options.limits ?? DEFAULT_CHUNK_LIMITS;
  return new Observable<Batch>((subscriber) => {
    let clock: PaceClock | undefined;
    // Wall time of the last chunk replayed; how far (ms) stepping holds the replay behind its pace.
    let lastWallMs: number | undefined;
    let heldMs = 0;
    // The chunks that are steps: each waits a frame after the one before, within the budget.
    const steps = new WeakSet<Batch>();
    const steered$ = new Subject<void>();
    const controls = control$.subscribe({
      next: (control) => {
        clock = clock === undefined ? idleClock(control, scheduler.now()) : steerClock(clock, control, scheduler.now());
        steered$.next();
      },
      error: (error: unknown) => subscriber.error(error),
    });

    // A step waits for the frame after the last chunk, holding the replay back within the budget;
    // any other chunk gives held time back by coming early, out of a wait longer than a frame
    // (idle trace time: a dense trace paced frame by frame never waits longer, so never steps again).
    const due = (chunk: Batch): number | undefined => {
      if (clock === undefined) return undefined;
      const now = scheduler.now();
      const ms = delayMs(clock, batchTs(chunk, 0), now);
      if (ms === undefined || clock.speed === 'max') return ms;
      if (!steps.has(chunk)) return ms - Math.min(Math.max(0, ms - FRAME_MS), heldMs);
      const nextFrame = lastWallMs === undefined ? 0 : lastWallMs + FRAME_MS - now;
      return Math.max(ms, Math.min(nextFrame, ms + Math.max(0, STEP_BUDGET_MS - heldMs)));
    };
    const replayed = (chunk: Batch): Batch => {
      const now = scheduler.now();
      lastWallMs = now;
      if (clock === undefined) return chunk;
      const ts = batchTs(chunk, 0);
      const late = lateMs(clock, ts, now);
      const stepped = steps.has(chunk) && late > 0;
      const early = !steps.has(chunk) && heldMs > 0 && late < 0;
      if (stepped || early) {
        // The clock goes on from this chunk: the replay stays held back (or catches up) by `late`.
        heldMs = Math.max(0, heldMs + late);
        clock = { ...clock, wallMs: now, traceNs: ts };
      } else {
        clock = clockAfterChunk(clock, ts, now);
      }
      return chunk;
    };
    // A chunk due now passes synchronously (the 'max' path); otherwise it waits, re-timed on every steer.
    // `from([chunk])`, not `of(chunk)`: of() probes its last argument for a scheduler, and reading
    // a property of a column batch decodes all its events.
    const waitFor = (chunk: Batch): Observable<Batch> => {
      if (due(chunk) === 0) return from([replayed(chunk)]);
      return steered$.pipe(
        startWith(undefined),
        switchMap(() => {
          const ms = due(chunk);
          return ms === undefined ? NEVER : ms === 0 ? of(0) : timer(ms, scheduler);
        }),
        take(1),
        map(() => replayed(chunk)),
      );
    };
    // Chunks only smooth a paced replay: at full speed a batch goes whole (not copied, not decoded).
    // Paced, a chunk denser than a step is stepped through, as far as the budget left allows.
    const pace: PaceBatch = (batch) => {
      if (batch.length === 0) return EMPTY;
      const whole = clock !== undefined && clock.speed === 'max' && !clock.paused;
      if (whole) return waitFor(batch);
      let stepsLeft = Math.floor((STEP_BUDGET_MS - heldMs) / FRAME_MS);
      const chunks = splitBatch(batch, limitsAt(limits, clock?.speed)).flatMap((chunk) => {
        const stepped = stepChunk(chunk, stepsLeft + 1);
        if (stepped.length === 1) return stepped;
        stepsLeft -= stepped.length - 1;
        for (const step of stepped) steps.add(step);
        return stepped;
      });
      return chunks.length === 1 ? waitFor(chunks[0]) : from(chunks).pipe(concatMap(waitFor));
    };

    const replay = body(pace).subscribe(subscriber);
    return () => {
      replay.unsubscribe();
      controls.unsubscribe();
    };
  });
}

// Slow motion splits finer: a chunk spans at most one frame of wall time at `speed`, so a trace of a
// few microseconds watched at ×0.0001 moves frame by frame instead of landing in one chunk.
function limitsAt(limits: ChunkLimits, speed: PaceSpeed | undefined): ChunkLimits {
  if (speed === undefined || speed === 'max') return limits;
  const frameNs = Math.max(1, Math.floor(FRAME_MS * 1e6 * speed));
  return frameNs >= limits.maxSpanNs ? limits : { ...limits, maxSpanNs: frameNs };
}

// Paces a stream of batches; a source faster than the pace is buffered (use paceIterable to pull a file).
export function paceBatches(control$: Observable<PaceControl>, options: PaceOptions = {}): MonoTypeOperatorFunction<Batch> {
  return (source) => withPacer(control$, options, (pace) => source.pipe(concatMap(pace)));
}
