import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { withGetters } from '../src/with-getters.js';

// V8's own answer: does `object` keep a fast hidden-class layout (not a dictionary)?
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('object', 'return %HasFastProperties(object);') as (object: object) => boolean;

// An object as the factories make one: methods closing over their own state, and a getter.
function counter() {
  let n = 0;
  return withGetters({ bump: () => { n += 1; } }, { count: () => n });
}

describe('withGetters', () => {
  it('adds live, enumerable, read-only properties to the object it returns', () => {
    const object = counter();
    object.bump();
    expect(object.count).toBe(1);
    expect(Object.keys(object)).toEqual(['bump', 'count']);
    expect(() => { (object as { count: number }).count = 5; }).toThrow(TypeError);
  });

  it('keeps every object of a factory fast, not only the first, each with its own values', () => {
    const objects = [counter(), counter(), counter()];
    objects[1].bump();
    objects[2].bump();
    objects[2].bump();
    expect(objects.map((object) => object.count)).toEqual([0, 1, 2]);
    expect(objects.map(hasFastProperties)).toEqual([true, true, true]);
  });
});
