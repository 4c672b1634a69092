// The lock-order graph (DESIGN §4): an edge L1 -> L2 each time a task requests L2 (not try)
// while holding L1, between detector keys (instances, or classes under lockdep). Each (L1, L2)
// pair keeps a few distinct VARIANTS: (held mode, requested mode, task) and, when thread-aware,
// the task's fork/join clock and its gate locks. Variants live in parallel arrays, by dense id.
import { MODE_EXCLUSIVE } from '../model/mode-code.js';
import { NONE, type TaskSlot } from '../model/task-slot.js';
import { IdInterner } from '../trace/fast-id-interner.js';
import { assert } from '../assert.js';

/** Variants kept per (from, to) pair; beyond it edge occurrences are counted in `dropped`, not kept. */
export const MAX_VARIANTS_PER_PAIR = 32;

const NO_GATES: readonly number[] = [];

export interface OrderGraph {
  readonly pairCount: number;
  readonly variantCount: number;
  /** Edge occurrences of a pair full of variants, not compared with them nor kept (counted each time). */
  readonly dropped: number;
  /** Pairs leaving each key. */
  readonly out: readonly (readonly number[] | undefined)[];
  readonly pairTo: readonly number[];
  readonly pairVariants: readonly (readonly number[])[];

  // Variant fields, by variant id.
  /** The variant's (from, to) pair. */
  readonly pair: readonly number[];
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly fromInstance: readonly number[];
  readonly toInstance: readonly number[];
  readonly heldMode: readonly number[];
  readonly reqMode: readonly number[];
  /** Dense task id. */
  readonly task: readonly number[];
  /** The task's fork/join clock when the edge was recorded (a shared, never-mutated array). */
  readonly clock: readonly (readonly number[])[];
  /** Keys the task held EXCLUSIVE besides `from` and `to`, sorted. Empty unless thread-aware. */
  readonly gates: readonly (readonly number[])[];
  readonly heldIndex: readonly number[];
  readonly heldTs: readonly number[];
  readonly heldStack: readonly (readonly bigint[] | undefined)[];
  readonly reqIndex: readonly number[];
  readonly reqTs: readonly number[];
  readonly reqStack: readonly (readonly bigint[] | undefined)[];

  /**
   * Record the edge from `task`'s held lock at `heldPos` to the requested `toInstance` (key
   * `toKey`, mode code `reqMode`) at the given request event. Returns the id of a NEW variant,
   * or NONE when an existing variant already covers it (a lookup, no allocation) or the pair is full.
   */
  record(task: TaskSlot, heldPos: number, toKey: number, toInstance: number, reqMode: number,
    index: number, ts: number, stack: readonly bigint[] | undefined): number;
}

/** `threadAware` (predictive semantics) keeps clocks and gates in a variant's identity. */
export function createOrderGraph(threadAware: boolean): OrderGraph {
  // Pair ids by (from, to) key: a typed-array hash table, no allocation per lookup.
  const pairIds = new IdInterner();
  const out: (number[] | undefined)[] = [];
  const pairTo: number[] = [];
  const pairVariants: number[][] = [];
  let dropped = 0;
  const g = {
    pair: [] as number[], from: [] as number[], to: [] as number[], fromInstance: [] as number[], toInstance: [] as number[],
    heldMode: [] as number[], reqMode: [] as number[], task: [] as number[],
    clock: [] as (readonly number[])[], gates: [] as (readonly number[])[],
    heldIndex: [] as number[], heldTs: [] as number[], heldStack: [] as (readonly bigint[] | undefined)[],
    reqIndex: [] as number[], reqTs: [] as number[], reqStack: [] as (readonly bigint[] | undefined)[],
  };

  // Is `key` a gate of the edge from heldPos to toKey: held EXCLUSIVE by the task, another lock?
  function isGate(task: TaskSlot, key: number, fromKey: number, toKey: number): boolean {
    if (key === fromKey || key === toKey) return false;
    for (let i = 0; i < task.heldKey.length; i++) {
      if (task.heldKey[i] === key && task.heldMode[i] === MODE_EXCLUSIVE) return true;
    }
    return false;
  }

  function gatesOf(task: TaskSlot, fromKey: number, toKey: number): readonly number[] {
    if (!threadAware) return NO_GATES;
    const gates: number[] = [];
    for (let i = 0; i < task.heldKey.length; i++) {
      const key = task.heldKey[i];
      if (task.heldMode[i] === MODE_EXCLUSIVE && key !== fromKey && key !== toKey && !gates.includes(key)) gates.push(key);
    }
    return gates.length === 0 ? NO_GATES : gates.sort((a, b) => a - b);
  }

  // An existing variant covers this edge when it has the same modes, task and clock and its
  // gates are a subset of the current ones (fewer gates suppress less, so it says more).
  function covers(v: number, task: TaskSlot, fromKey: number, toKey: number, heldMode: number, reqMode: number): boolean {
    if (g.task[v] !== task.id || g.heldMode[v] !== heldMode || g.reqMode[v] !== reqMode) return false;
    if (!threadAware) return true;
    if (g.clock[v] !== task.clock) return false;
    const gates = g.gates[v];
    for (let j = 0; j < gates.length; j++) if (!isGate(task, gates[j], fromKey, toKey)) return false;
    return true;
  }

  // Each pair's variants by task (a task is compared only with its own), the one that last
  // covered an edge of (pair, task) first: a task repeats itself.
  const byTask: number[][][] = [];

  function covered(pair: number, task: TaskSlot, fromKey: number, toKey: number, heldMode: number, reqMode: number): boolean {
    const own = byTask[pair][task.id];
    if (own === undefined) return false;
    for (let i = 0; i < own.length; i++) {
      const v = own[i];
      if (!covers(v, task, fromKey, toKey, heldMode, reqMode)) continue;
      if (i > 0) { own[i] = own[0]; own[0] = v; }
      return true;
    }
    return false;
  }

  function pairOf(fromKey: number, toKey: number): number {
    while (out.length <= fromKey) out.push(undefined);
    const pair = pairIds.idOf(fromKey, toKey);
    assert(pair === pairTo.length, 'pairs are interned in order');
    (out[fromKey] ??= []).push(pair);
    pairTo.push(toKey);
    pairVariants.push([]);
    byTask.push([]);
    return pair;
  }

  return {
    get pairCount() { return pairTo.length; },
    get variantCount() { return g.from.length; },
    get dropped() { return dropped; },
    out, pairTo, pairVariants, ...g,
    record(task, heldPos, toKey, toInstance, reqMode, index, ts, stack) {
      const fromKey = task.heldKey[heldPos];
      const heldMode = task.heldMode[heldPos];
      const found = pairIds.find(fromKey, toKey);
      const known = found < 0 ? undefined : found;
      if (known !== undefined) {
        // A full pair takes no variant: no need to compare this edge with its variants.
        if (pairVariants[known].length >= MAX_VARIANTS_PER_PAIR) {
          dropped += 1;
          return NONE;
        }
        if (covered(known, task, fromKey, toKey, heldMode, reqMode)) return NONE;
      }
      const pair = known ?? pairOf(fromKey, toKey);
      const v = g.from.length;
      pairVariants[pair].push(v);
      g.pair.push(pair); g.from.push(fromKey); g.to.push(toKey);
      g.fromInstance.push(task.heldInstance[heldPos]); g.toInstance.push(toInstance);
      g.heldMode.push(heldMode); g.reqMode.push(reqMode); g.task.push(task.id);
      g.clock.push(task.clock); g.gates.push(gatesOf(task, fromKey, toKey));
      g.heldIndex.push(task.heldIndex[heldPos]); g.heldTs.push(task.heldTs[heldPos]); g.heldStack.push(task.heldStack[heldPos]);
      g.reqIndex.push(index); g.reqTs.push(ts); g.reqStack.push(stack);
      const own = (byTask[pair][task.id] ??= []);
      own.push(v);
      if (own.length > 1) { own[own.length - 1] = own[0]; own[0] = v; }
      return v;
    },
  };
}
