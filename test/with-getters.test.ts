import { describe, expect, it } from 'vitest';
import { withGetters } from '../src/with-getters.js';

describe('withGetters', () => {
  it('adds live, enumerable, read-only properties to the object it returns', () => {
    let n = 1;
    const object = withGetters({ bump: () => { n += 1; } }, { count: () => n });
    object.bump();
    expect(object.count).toBe(2);
    expect(Object.keys(object)).toEqual(['bump', 'count']);
    expect(() => { (object as { count: number }).count = 5; }).toThrow(TypeError);
  });
});
