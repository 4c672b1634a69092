import { describe, expect, it } from 'vitest';
import { createLockOrder } from '../../src/detect/lock-order.js';

// A plain reference: adjacency sets and depth-first reachability.
function reference() {
  const out = new Map<number, Set<number>>();
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (at === to) return true;
      for (const next of out.get(at) ?? []) if (!seen.has(next)) { seen.add(next); stack.push(next); }
    }
    return false;
  };
  return { out, reaches, add: (a: number, b: number) => { if (!out.has(a)) out.set(a, new Set()); out.get(a)?.add(b); } };
}

function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
}

// Check every edge against the order, and the sets against mutual reachability; the mismatches.
function mismatches(order: ReturnType<typeof createLockOrder>, ref: ReturnType<typeof reference>, keys: number[]): string[] {
  const bad: string[] = [];
  const reach = new Map(keys.map((k) => [k, new Set(keys.filter((j) => ref.reaches(k, j)))]));
  for (const [a, outs] of ref.out) {
    for (const b of outs) {
      if (order.together(a, b) ? !reach.get(b)?.has(a) : order.position(a) >= order.position(b)) bad.push(`edge ${a}->${b}`);
    }
  }
  for (const a of keys) for (const b of keys) {
    const both = (reach.get(a)?.has(b) ?? false) && (reach.get(b)?.has(a) ?? false);
    if (a < b && order.together(a, b) !== both) bad.push(`set ${a},${b}`);
  }
  return bad;
}

describe('online topological order of the lock graph', () => {
  it('costs nothing for an edge that agrees, and finds the cycle an AB/BA closes', () => {
    const order = createLockOrder();
    expect(order.add(1, 2)).toBe(false);
    expect(order.add(2, 3)).toBe(false);
    expect(order.add(1, 3)).toBe(false);
    expect(order.together(1, 3)).toBe(false);
    expect(order.add(3, 1)).toBe(true);
    expect([order.together(1, 2), order.together(2, 3)]).toEqual([true, true]);
    expect(order.add(4, 5)).toBe(false);
    expect(order.add(5, 4)).toBe(true);
    expect(order.together(1, 4)).toBe(false);
    expect(order.add(2, 4)).toBe(false);
    expect(order.position(1)).toBeLessThan(order.position(4));
    expect(order.edges).toBe(7);
  });

  it('keeps keys out of a cycle that only reach it, or are only reached from it', () => {
    const order = createLockOrder();
    order.add(0, 1); order.add(1, 2); order.add(2, 3); order.add(3, 4);
    expect(order.add(3, 1)).toBe(true);
    expect([0, 1, 2, 3, 4].map((k) => order.together(k, 2))).toEqual([false, true, true, true, false]);
    expect(order.position(0)).toBeLessThan(order.position(1));
    expect(order.position(1)).toBeLessThan(order.position(4));
  });

  for (const [name, keys, edges, seeds] of [
    ['sparse, mostly acyclic', 40, 60, 30],
    ['dense, many cycles', 16, 120, 30],
    ['large', 300, 900, 2],
  ] as const) {
    it(`agrees with a plain DFS on random edge sequences (${name})`, () => {
      for (let seed = 1; seed <= seeds; seed++) {
        const rand = prng(seed);
        const order = createLockOrder();
        const ref = reference();
        const seen = new Set<number>();
        for (let i = 0; i < edges; i++) {
          const a = rand(keys);
          const b = rand(keys);
          if (a === b || ref.out.get(a)?.has(b)) continue;
          ref.add(a, b); seen.add(a); seen.add(b);
          expect(order.add(a, b)).toBe(ref.reaches(b, a));
          if (i % (keys > 100 ? 150 : 10) === 0) expect(mismatches(order, ref, [...seen])).toEqual([]);
        }
        expect(mismatches(order, ref, [...seen])).toEqual([]);
      }
    });
  }

  it('keeps a consistent order of 10,000 keys in a chain and closes the 10,000-key cycle at once', () => {
    const order = createLockOrder();
    for (let k = 9_999; k > 0; k--) expect(order.add(k - 1, k)).toBe(false);
    expect(order.add(9_999, 0)).toBe(true);
    expect(order.together(0, 5_000)).toBe(true);
  });
});
