import { describe, expect, it } from 'vitest';
import { IdInterner } from '../../src/trace/fast-id-interner.js';

describe('the 64-bit id interner', () => {
  it('numbers values densely in order of first sight and finds them again', () => {
    const ids = new IdInterner();
    expect([ids.idOf(5, 0), ids.idOf(5, 0xffff8880), ids.idOf(5, 0), ids.idOf(0xffffffff, 0xffffffff)]).toEqual([0, 1, 0, 2]);
    expect([ids.find(5, 0xffff8880), ids.find(6, 0)]).toEqual([1, -1]);
    expect([ids.lo(2), ids.hi(2), ids.size]).toEqual([0xffffffff, 0xffffffff, 3]);
  });

  it('keeps every id while it grows past its first table', () => {
    const ids = new IdInterner();
    for (let i = 0; i < 100_000; i++) expect(ids.idOf(i * 64, 0xffff8880)).toBe(i);
    for (let i = 0; i < 100_000; i += 997) expect(ids.find(i * 64, 0xffff8880)).toBe(i);
    expect(ids.size).toBe(100_000);
  });
});
