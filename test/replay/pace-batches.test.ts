import { from, map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { paceBatches } from '../../src/replay/pace-batches.js';
import { STEP_BUDGET_MS } from '../../src/replay/pace-steps.js';
import { FRAME_MS } from '../../src/replay/watch-frames.js';
import type { PaceControl } from '../../src/replay/pace-clock.js';
import { batchAtMs, chunkMs, watchScheduler } from '../helpers/watch-batches.js';

const limits = { maxSpanNs: 50_000_000, maxEvents: 1000 };
const controls: Record<string, PaceControl> = {
  r: { speed: 1, paused: false },
  d: { speed: 2, paused: false },
  f: { speed: 4, paused: false },
  m: { speed: 'max', paused: false },
  p: { speed: 1, paused: true },
};
// Chunks as the trace times (ms) of their events.
const chunks = { x: [0], y: [100], w: [0, 100], z: [0, 10, 20, 30, 40] };

describe('paceBatches', () => {
  it.each([
    { name: 'at ×1 a chunk comes when its trace time is due', control: 'r', expected: 'x 99ms (y|)' },
    { name: 'at ×2 in half the time', control: 'd', expected: 'x 49ms (y|)' },
    { name: "at 'max' at once, and whole (chunks only smooth a paced replay)", control: 'm', expected: '(w|)' },
    { name: 'a change of speed re-times a pending wait at once (×4 from 40 ms: 60 ms left take 15)', control: 'r 39ms f', expected: 'x 54ms (y|)' },
    { name: 'a pause holds it and a resume goes on from where it stopped (80 ms left)', control: 'r 19ms p 49ms r', expected: 'x 149ms (y|)' },
    { name: 'a replay started paused starts on resume', control: 'p 29ms r', expected: '30ms x 99ms (y|)' },
  ])('$name', ({ control, expected }) => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const control$ = cold(control, controls);
      const batches$ = cold('(a|)', { a: batchAtMs(0, 100) });
      const paced$ = batches$.pipe(paceBatches(control$, { limits }), map(chunkMs));
      expectObservable(paced$).toBe(expected, chunks);
    });
  });

  it('steps through events denser than a frame, one a frame (FRAME_MS), instead of one chunk', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const paced$ = cold('a|', { a: batchAtMs(0, 10, 20, 30, 40) }).pipe(paceBatches(cold('r', controls), { limits }), map(chunkMs));
      expectObservable(paced$).toBe('a 99ms b 99ms c 99ms d 99ms (e|)', { a: [0], b: [10], c: [20], d: [30], e: [40] });
    });
  });

  it('gives the time stepping held back in the idle time after it: a later event keeps its recorded time', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const paced$ = cold('a|', { a: batchAtMs(0, 1, 2, 1000) }).pipe(paceBatches(cold('r', controls), { limits }), map(chunkMs));
      expectObservable(paced$).toBe('x 99ms y 99ms z 799ms (w|)', { x: [0], y: [1], z: [2], w: [1000] });
    });
  });

  it('steps no more once the budget is spent on a dense trace paced frame by frame, slow motion included', () => {
    const scheduler = watchScheduler();
    const seen: (readonly number[])[] = [];
    scheduler.run(({ cold }) => {
      // 3000 events 1 µs apart at ×0.001, in batches of 100: a frame (100 ms) is 100 µs of trace time.
      const batches = Array.from({ length: 30 }, (_, b) => batchAtMs(...Array.from({ length: 100 }, (_, i) => (b * 100 + i) / 1000)));
      from(batches).pipe(paceBatches(cold('s', { s: { speed: 0.001, paused: false } }), { limits }), map(chunkMs))
        .subscribe((ms) => seen.push(ms));
    });
    expect(seen.filter((chunk) => chunk.length === 1)).toHaveLength(STEP_BUDGET_MS / FRAME_MS);
    expect(seen.flat()).toHaveLength(3000);
  });

  it(`steps for at most STEP_BUDGET_MS (${STEP_BUDGET_MS} ms) behind the recorded pace, then keeps it, never one emission per event`, () => {
    const scheduler = watchScheduler();
    const seen: { at: number; ms: readonly number[] }[] = [];
    scheduler.run(({ cold }) => {
      const dense = batchAtMs(...Array.from({ length: 300 }, (_, i) => i));
      cold('a|', { a: dense }).pipe(paceBatches(cold('r', controls), { limits }), map(chunkMs))
        .subscribe((ms) => seen.push({ at: scheduler.now(), ms }));
    });
    const steps = STEP_BUDGET_MS / FRAME_MS;
    expect(seen.slice(0, steps).map((s) => s.ms)).toEqual(Array.from({ length: steps }, (_, i) => [i]));
    expect(seen.slice(0, steps).map((s) => s.at)).toEqual(Array.from({ length: steps }, (_, i) => i * FRAME_MS));
    // The rest: chunks of 50 ms of trace time, each at most STEP_BUDGET_MS after its recorded time.
    expect(seen.length).toBeLessThan(steps + 10);
    expect(seen.flatMap((s) => s.ms)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    for (const { at, ms } of seen) expect(at - ms[0]).toBeLessThanOrEqual(STEP_BUDGET_MS);
  });

  it('keeps pace across batches: a later batch waits for its own trace time', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const batches$ = cold('a b|', { a: batchAtMs(0), b: batchAtMs(100) });
      const paced$ = batches$.pipe(paceBatches(cold('r', controls), { limits }), map(chunkMs));
      expectObservable(paced$).toBe('x 99ms (y|)', chunks);
    });
  });

  it('stops waiting when unsubscribed', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const paced$ = cold('a|', { a: batchAtMs(0, 100) }).pipe(paceBatches(cold('r', controls), { limits }), map(chunkMs));
      expectObservable(paced$, '^ 50ms !').toBe('x', chunks);
    });
  });
});
