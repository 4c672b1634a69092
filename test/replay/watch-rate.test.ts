import { describe, expect, it } from 'vitest';
import { HISTORY_LENGTH, initialRate, stepRate, type RateState } from '../../src/replay/watch-rate.js';

/** The state after sampling each [ms, events] in turn from 0. */
function sampled(samples: readonly (readonly [number, number])[]): RateState {
  return samples.reduce((state, [ms, events]) => stepRate(state, ms, events), initialRate(0));
}

describe('watch rate', () => {
  it.each([
    { name: 'events over the time since the start', samples: [[500, 1000]] as const, expected: 2000 },
    { name: 'over the last second only', samples: [[1000, 5000], [1500, 5000], [2000, 6000]] as const, expected: 1000 },
    { name: 'zero while nothing happens', samples: [[1000, 5000], [2000, 5000], [2100, 5000]] as const, expected: 0 },
    { name: 'from zero again when the count starts over (another policy)', samples: [[1000, 5000], [1100, 0], [1600, 300]] as const, expected: 600 },
  ])('events/s: $name', ({ samples, expected }) => {
    expect(sampled(samples).eventsPerSecond).toBeCloseTo(expected, 6);
  });

  it('adds one history value per second, the rate at that time, for seconds without a frame too', () => {
    const state = sampled([[100, 100], [1000, 1000], [1500, 1500], [3200, 1500]]);
    expect(state.history).toEqual([1000, 0, 0]);
    expect(state.nextHistoryMs).toBe(4000);
  });

  it(`keeps at most ${HISTORY_LENGTH} history values`, () => {
    const state = sampled([[HISTORY_LENGTH * 3000, 10]]);
    expect(state.history).toHaveLength(HISTORY_LENGTH);
  });
});
