import { describe, expect, it } from 'vitest';
import { CLOSED, createVariantIndex, END, type VariantIndex } from '../../src/detect/variant-index.js';

// The (modes, gates) of the entries of (from, to, owner), newest first.
function entries(index: VariantIndex, from: number, to: number, owner: number): [number, number][] {
  const out: [number, number][] = [];
  for (let e = index.first(from, to, owner); e !== END && e !== CLOSED; e = index.next(e)) out.push([index.modes(e), index.gates(e)]);
  return out;
}

describe('variant index', () => {
  it("lists an owner's variants of a pair, newest first, apart from other owners and pairs", () => {
    const index = createVariantIndex();
    index.add(1, 2, 7, 9, 0);
    index.add(1, 2, 8, 10, 4);
    index.add(1, 2, 7, 11, 6);
    index.add(2, 1, 7, 12, 0);
    expect(entries(index, 1, 2, 7)).toEqual([[11, 6], [9, 0]]);
    expect(entries(index, 1, 2, 8)).toEqual([[10, 4]]);
    expect(entries(index, 2, 1, 7)).toEqual([[12, 0]]);
    expect(index.first(1, 3, 7)).toBe(END);
  });

  it('answers CLOSED for a closed owner, and takes no more of its variants', () => {
    const index = createVariantIndex();
    index.add(1, 2, 7, 9, 0);
    index.close(1, 2, 7);
    index.close(1, 2, 8);
    index.add(1, 2, 7, 10, 0);
    expect([index.first(1, 2, 7), index.first(1, 2, 8), index.first(1, 2, 9)]).toEqual([CLOSED, CLOSED, END]);
  });

  it('keeps every list as its table grows', () => {
    const index = createVariantIndex();
    for (let k = 0; k < 5000; k++) index.add(k, k + 1, k % 3, k, 2 * k);
    for (const k of [0, 1, 2500, 4999]) expect(entries(index, k, k + 1, k % 3)).toEqual([[k, 2 * k]]);
  });
});
