// Fuzz shapes of the scale bench (`npm run bench`): traces that once exhausted the heap, as RAPID
// std lines (import/std-parser.ts: `T1|acq(l1)`), with the findings a check of them gives.
// - many-tasks: n tasks, each taking a lock of its own once;
// - deep-hold: one task taking n locks, nested, then releasing them in reverse;
// - chain: n locks, each taken inside the one before by one of two tasks in turn (a path l0 → … → ln-1);
// - cycle: n tasks, task k taking lock k then lock k+1 (mod n): one cycle through all n locks;
// - fork-join: one task forking n short-lived tasks and joining them, 64 at a time, each taking
//   three of 16 locks in ascending order (the fork/join clock of the first comes to know all n).

export const FUZZ_SHAPES = ['many-tasks', 'deep-hold', 'chain', 'cycle', 'fork-join'] as const;
export type FuzzShape = (typeof FUZZ_SHAPES)[number];

/** The std lines of `shape` over `n` tasks or locks, each without its newline. */
export function* fuzzShapeLines(shape: FuzzShape, n: number): Generator<string, void, void> {
  const section = function* (task: number, first: number, second: number): Generator<string, void, void> {
    yield `T${task}|acq(l${first})`;
    yield `T${task}|acq(l${second})`;
    yield `T${task}|rel(l${second})`;
    yield `T${task}|rel(l${first})`;
  };
  switch (shape) {
    case 'many-tasks':
      for (let k = 0; k < n; k++) {
        yield `T${k + 1}|acq(l${k})`;
        yield `T${k + 1}|rel(l${k})`;
      }
      return;
    case 'deep-hold':
      for (let k = 0; k < n; k++) yield `T1|acq(l${k})`;
      for (let k = n - 1; k >= 0; k--) yield `T1|rel(l${k})`;
      return;
    case 'chain':
      for (let k = 0; k + 1 < n; k++) yield* section(1 + (k % 2), k, k + 1);
      return;
    case 'cycle':
      for (let k = 0; k < n; k++) yield* section(k + 1, k, (k + 1) % n);
      return;
    case 'fork-join':
      for (let first = 0; first < n; first += 64) {
        const last = Math.min(n, first + 64);
        for (let k = first; k < last; k++) yield `T0|fork(T${k + 1})`;
        for (let k = first; k < last; k++) {
          // a < b < c < 16.
          const a = k % 14;
          const b = a + 1 + (Math.floor(k / 14) % (14 - a));
          const c = b + 1 + (Math.floor(k / 196) % (15 - b));
          for (const l of [a, b, c]) yield `T${k + 1}|acq(l${l})`;
          for (const l of [c, b, a]) yield `T${k + 1}|rel(l${l})`;
        }
        for (let k = first; k < last; k++) yield `T0|join(T${k + 1})`;
      }
      return;
    default: {
      const never: never = shape;
      throw new Error(`unknown fuzz shape ${String(never)}`);
    }
  }
}

/**
 * The order-inversion findings a check of `shape` at size `n` gives, under every policy (the
 * shapes have no other kind): only the cycle has one. `cycleBound` is the most locks a cycle
 * found may have (predictive semantics: detect/cycle-search.ts MAX_CYCLE_LOCKS), if any.
 */
export function fuzzShapeFindings(shape: FuzzShape, n: number, cycleBound = Infinity): number {
  if (shape !== 'cycle' || n < 2) return 0;
  return n > cycleBound ? 0 : 1;
}
