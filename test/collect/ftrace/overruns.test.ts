import { describe, expect, it } from 'vitest';
import { parseOverrun } from '../../../src/collect/ftrace/overruns.js';

describe('parseOverrun', () => {
  it.each([
    ['entries: 0\noverrun: 0\ncommit overrun: 0\nbytes: 0\n', 0],
    ['entries: 120\noverrun: 4711\ncommit overrun: 3\ndropped events: 0\n', 4711],
    ['entries: 1\n', 0],
  ])('reads the overrun line of %j as %i', (stats, overrun) => {
    expect(parseOverrun(stats)).toBe(overrun);
  });
});
