// A small seeded PRNG (mulberry32): the same seed gives the same trace on every machine.

export interface Prng {
  /** A uint32. */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { next, below: (n) => Math.floor((next() / 0x1_0000_0000) * n) };
}
