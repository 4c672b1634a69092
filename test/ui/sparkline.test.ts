import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/ui/sparkline.js';

describe('sparkline', () => {
  it.each([
    { values: [], width: 10, expected: '' },
    { values: [0, 0, 0], width: 10, expected: '▁▁▁' },
    { values: [0, 1, 2, 3, 4, 5, 6, 7], width: 8, expected: '▁▂▃▄▅▆▇█' },
    { values: [5, 10], width: 8, expected: '▅█' },
    { values: [1, 2, 3, 4], width: 2, expected: '▆█' },
    { values: [7, 7, 7], width: 3, expected: '███' },
    { values: [-3, Number.NaN, Number.POSITIVE_INFINITY, 14], width: 4, expected: '▁▁▁█' },
    { values: [1, 2, 3], width: 0, expected: '' },
  ])('draws $values in $width columns as "$expected"', ({ values, width, expected }) => {
    expect(sparkline(values, width)).toBe(expected);
  });

  it('scales to the maximum of the window it shows, not of older values', () => {
    expect(sparkline([1000, 1, 2], 2)).toBe('▅█');
  });

  it('never draws more columns than asked', () => {
    const values = Array.from({ length: 500 }, (_, i) => i % 37);
    expect(Array.from(sparkline(values, 60))).toHaveLength(60);
  });
});
