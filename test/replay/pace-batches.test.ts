import { map } from 'rxjs';
import { describe, it } from 'vitest';
import { paceBatches } from '../../src/replay/pace-batches.js';
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

  it('emits events close in trace time as one chunk, never one emission per event', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const paced$ = cold('a|', { a: batchAtMs(0, 10, 20, 30, 40) }).pipe(paceBatches(cold('r', controls), { limits }), map(chunkMs));
      expectObservable(paced$).toBe('z|', chunks);
    });
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
