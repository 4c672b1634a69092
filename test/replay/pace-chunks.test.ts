import { describe, expect, it } from 'vitest';
import { splitBatch } from '../../src/replay/pace-chunks.js';
import { batchAtMs, chunkMs } from '../helpers/watch-batches.js';

const limits = { maxSpanNs: 50_000_000, maxEvents: 3 };

describe('splitBatch', () => {
  it.each([
    { name: 'a batch within the limits stays one chunk', ms: [0, 10, 49], expected: [[0, 10, 49]] },
    { name: 'a new chunk starts after 50 ms of trace time', ms: [0, 10, 51, 60], expected: [[0, 10], [51, 60]] },
    { name: 'a chunk holds at most maxEvents events', ms: [0, 1, 2, 3, 4, 5, 6], expected: [[0, 1, 2], [3, 4, 5], [6]] },
    { name: 'events far apart are chunks of their own', ms: [0, 100, 200], expected: [[0], [100], [200]] },
    { name: 'an empty batch has no chunks', ms: [], expected: [] },
  ])('$name', ({ ms, expected }) => {
    expect(splitBatch(batchAtMs(...ms), limits).map(chunkMs)).toEqual(expected);
  });

  it('returns a batch within the limits as the same array (no copy)', () => {
    const batch = batchAtMs(0, 1);
    expect(splitBatch(batch, limits)[0]).toBe(batch);
  });
});
