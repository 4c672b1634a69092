import { describe, expect, it } from 'vitest';
import { STEP_EVENTS, stepChunk } from '../../src/replay/pace-steps.js';
import { batchAtMs, chunkMs } from '../helpers/watch-batches.js';

describe('stepChunk', () => {
  it.each([
    { name: 'a chunk of one step stays whole', ms: [0].slice(0, STEP_EVENTS), maxSteps: 5, expected: [[0]] },
    { name: 'a denser chunk becomes one step per event', ms: [0, 1, 2], maxSteps: 5, expected: [[0], [1], [2]] },
    { name: 'the last step allowed holds the rest', ms: [0, 1, 2, 3, 4], maxSteps: 3, expected: [[0], [1], [2, 3, 4]] },
    { name: 'no step allowed: the chunk whole', ms: [0, 1, 2], maxSteps: 1, expected: [[0, 1, 2]] },
  ])('$name', ({ ms, maxSteps, expected }) => {
    expect(stepChunk(batchAtMs(...ms), maxSteps).map(chunkMs)).toEqual(expected);
  });

  it('returns a chunk it does not step as the same array (no copy)', () => {
    const chunk = batchAtMs(0, 1);
    expect(stepChunk(chunk, 1)[0]).toBe(chunk);
  });
});
