import { describe, expect, it } from 'vitest';
import { formatRate } from '../../src/ui/format-rate.js';
import { statusLine } from '../../src/ui/status-line.js';
import { aSnapshot, aTask, pagecache } from '../helpers/ui-builders.js';

describe('statusLine', () => {
  it('prints events, rate, lost, tasks, locks, edges and findings on one line', () => {
    const snapshot = aSnapshot({
      events: 12345,
      lost: 0,
      tasks: [aTask(1, 'a', []), aTask(2, 'b', [pagecache(12, 'BLOCK')]), aTask(3, 'c', [])],
      locks: 7,
      edges: 9,
      findings: 1,
    });
    expect(statusLine(snapshot, 50_200)).toBe('events 12345 (50.2 k/s) lost 0 tasks 3 locks 7 edges 9 findings 1');
  });

  it('counts lost events', () => {
    expect(statusLine(aSnapshot({ events: 10, lost: 4 }), 3)).toBe(
      'events 10 (3/s) lost 4 tasks 0 locks 0 edges 0 findings 0',
    );
  });
});

describe('formatRate', () => {
  it.each([
    { rate: 0, expected: '0/s' },
    { rate: 812.4, expected: '812/s' },
    { rate: 999.4, expected: '999/s' },
    { rate: 1000, expected: '1.0 k/s' },
    { rate: 50_249, expected: '50.2 k/s' },
    { rate: 1_340_000, expected: '1.3 M/s' },
    { rate: -5, expected: '0/s' },
    { rate: Number.NaN, expected: '0/s' },
  ])('prints $rate events/s as "$expected"', ({ rate, expected }) => {
    expect(formatRate(rate)).toBe(expected);
  });
});
