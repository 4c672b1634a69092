// Batches for pacing and watch tests: events at given trace times (ms), and how chunks look in
// marble expectations (the trace times of their events).
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import type { Batch, TraceEvent } from '../../src/trace/event.js';
import { acquire, release } from './trace-builders.js';

export const NS_PER_MS = 1_000_000;

/** A batch of one lock event per trace time, in milliseconds (alternating acquire and release of lock 1 by tid 7). */
export function batchAtMs(...ms: readonly number[]): Batch {
  return ms.map((t, i): TraceEvent => (i % 2 === 0 ? acquire(7, 1, 'EXCLUSIVE', { ts: t * NS_PER_MS }) : release(7, 1, { ts: t * NS_PER_MS })));
}

/** A chunk as its events' trace times in ms, for marble values. */
export function chunkMs(chunk: Batch): readonly number[] {
  return chunk.map((e) => e.ts / NS_PER_MS);
}

/** A TestScheduler comparing with vitest's deep equality. */
export function watchScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}
