// Pacing in RxJS: batches replayed at recorded pace × speed, or as fast as possible ('max'),
// pausable, a speed or pause change taking effect at once (a pending wait is re-timed). Every
// wait runs on the given scheduler, so pacing is testable in virtual time.
import {
  EMPTY, NEVER, Observable, Subject, asyncScheduler, concatMap, from, map, of, startWith, switchMap, take, timer,
  type MonoTypeOperatorFunction, type SchedulerLike,
} from 'rxjs';
import type { Batch } from '../trace/event.js';
import { DEFAULT_CHUNK_LIMITS, batchTs, splitBatch, type ChunkLimits } from './pace-chunks.js';
import { clockAfterChunk, delayMs, idleClock, steerClock, type PaceClock, type PaceControl, type PaceSpeed } from './pace-clock.js';
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
    const steered$ = new Subject<void>();
    const controls = control$.subscribe({
      next: (control) => {
        clock = clock === undefined ? idleClock(control, scheduler.now()) : steerClock(clock, control, scheduler.now());
        steered$.next();
      },
      error: (error: unknown) => subscriber.error(error),
    });

    const due = (chunk: Batch): number | undefined =>
      clock === undefined ? undefined : delayMs(clock, batchTs(chunk, 0), scheduler.now());
    const replayed = (chunk: Batch): Batch => {
      if (clock !== undefined) clock = clockAfterChunk(clock, batchTs(chunk, 0), scheduler.now());
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
    const pace: PaceBatch = (batch) => {
      if (batch.length === 0) return EMPTY;
      const whole = clock !== undefined && clock.speed === 'max' && !clock.paused;
      const chunks = whole ? [batch] : splitBatch(batch, limitsAt(limits, clock?.speed));
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
