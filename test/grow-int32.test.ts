import { describe, expect, it } from 'vitest';
import { growInt32 } from '../src/grow-int32.js';

describe('growInt32', () => {
  it('returns the same array when it is long enough', () => {
    const array = new Int32Array(4);
    expect(growInt32(array, 4)).toBe(array);
  });

  it('at least doubles, keeps the entries and fills the new ones', () => {
    const grown = growInt32(Int32Array.of(5, 6), 3, -1);
    expect([...grown]).toEqual([5, 6, -1, -1]);
    expect(growInt32(Int32Array.of(1), 10).length).toBe(10);
  });
});
