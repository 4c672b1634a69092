import { BehaviorSubject, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { PaceControl } from '../../src/replay/pace-clock.js';
import { paceIterable } from '../../src/replay/pace-iterable.js';
import type { Batch } from '../../src/trace/event.js';
import { batchAtMs, chunkMs } from '../helpers/watch-batches.js';

/** An input of one batch per trace time that counts how many batches were read and whether it was closed. */
function countingInput(ms: readonly number[]) {
  const input = { pulled: 0, closed: false, batches: undefined as unknown as AsyncIterable<Batch> };
  input.batches = (async function* () {
    try {
      for (const t of ms) {
        input.pulled++;
        yield batchAtMs(t);
      }
    } finally {
      input.closed = true;
    }
  })();
  return input;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

// At 'max' no wait uses a timer, so these run on promises alone.
describe('paceIterable', () => {
  it('replays every batch in order at max speed', async () => {
    const input = countingInput([0, 100, 200]);
    const control$ = new BehaviorSubject<PaceControl>({ speed: 'max', paused: false });
    const chunks = await lastValueFrom(paceIterable(input.batches, control$).pipe(toArray()));
    expect(chunks.map(chunkMs)).toEqual([[0], [100], [200]]);
    expect(input.closed).toBe(true);
  });

  it('reads no further than the batch it is holding while paused, and goes on when resumed', async () => {
    const input = countingInput([0, 100, 200]);
    const control$ = new BehaviorSubject<PaceControl>({ speed: 'max', paused: true });
    const done = lastValueFrom(paceIterable(input.batches, control$).pipe(toArray()));
    await settle();
    expect(input.pulled).toBe(1);
    control$.next({ speed: 'max', paused: false });
    const seen = (await done).map(chunkMs);
    expect(seen).toEqual([[0], [100], [200]]);
  });

  it('closes the input when unsubscribed before its end', async () => {
    const input = countingInput([0, 100, 200]);
    const control$ = new BehaviorSubject<PaceControl>({ speed: 'max', paused: true });
    const subscription = paceIterable(input.batches, control$).subscribe();
    await settle();
    subscription.unsubscribe();
    await settle();
    expect(input.closed).toBe(true);
    expect(input.pulled).toBe(1);
  });
});
