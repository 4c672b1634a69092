// The lock-order graph (DESIGN §4): an edge L1 -> L2 each time a task requests L2 (not try)
// while holding L1, between detector keys (instances, or classes under lockdep). Each (L1, L2)
// pair keeps a few distinct VARIANTS: (held mode, requested mode, task) and, when thread-aware,
// the task's fork/join clock and its gate locks. Variants live in parallel arrays, by dense id.
import { MODE_EXCLUSIVE } from '../model/mode-code.js';
import { NONE, type TaskSlot } from '../model/task-slot.js';

/** Variants kept per (from, to) pair; beyond it new variants are counted in `dropped`, not kept. */
export const MAX_VARIANTS_PER_PAIR = 32;

const NO_GATES: readonly number[] = [];

export interface OrderGraph {
  readonly pairCount: number;
  readonly variantCount: number;
  /** Edge occurrences not kept because their pair was full of variants (counted each time). */
  readonly dropped: number;
  /** Pairs leaving each key. */
  readonly out: readonly (readonly number[] | undefined)[];
  readonly pairTo: readonly number[];
  readonly pairVariants: readonly (readonly number[])[];

  // Variant fields, by variant id.
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
  const outMaps: (Map<number, number> | undefined)[] = [];
  const out: (number[] | undefined)[] = [];
  const pairTo: number[] = [];
  const pairVariants: number[][] = [];
  let dropped = 0;
  const g = {
    from: [] as number[], to: [] as number[], fromInstance: [] as number[], toInstance: [] as number[],
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
  function covered(variants: readonly number[], task: TaskSlot, fromKey: number, toKey: number, heldMode: number, reqMode: number): boolean {
    for (let i = 0; i < variants.length; i++) {
      const v = variants[i];
      if (g.task[v] !== task.id || g.heldMode[v] !== heldMode || g.reqMode[v] !== reqMode) continue;
      if (!threadAware) return true;
      if (g.clock[v] !== task.clock) continue;
      const gates = g.gates[v];
      let subset = true;
      for (let j = 0; j < gates.length && subset; j++) subset = isGate(task, gates[j], fromKey, toKey);
      if (subset) return true;
    }
    return false;
  }

  function pairOf(fromKey: number, toKey: number): number {
    while (outMaps.length <= fromKey) { outMaps.push(undefined); out.push(undefined); }
    let map = outMaps[fromKey];
    if (map === undefined) {
      map = new Map();
      outMaps[fromKey] = map;
      out[fromKey] = [];
    }
    let pair = map.get(toKey);
    if (pair === undefined) {
      pair = pairTo.length;
      map.set(toKey, pair);
      out[fromKey]!.push(pair);
      pairTo.push(toKey);
      pairVariants.push([]);
    }
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
      const known = outMaps[fromKey]?.get(toKey);
      if (known !== undefined && covered(pairVariants[known], task, fromKey, toKey, heldMode, reqMode)) return NONE;
      const pair = known ?? pairOf(fromKey, toKey);
      if (pairVariants[pair].length >= MAX_VARIANTS_PER_PAIR) {
        dropped += 1;
        return NONE;
      }
      const v = g.from.length;
      pairVariants[pair].push(v);
      g.from.push(fromKey); g.to.push(toKey);
      g.fromInstance.push(task.heldInstance[heldPos]); g.toInstance.push(toInstance);
      g.heldMode.push(heldMode); g.reqMode.push(reqMode); g.task.push(task.id);
      g.clock.push(task.clock); g.gates.push(gatesOf(task, fromKey, toKey));
      g.heldIndex.push(task.heldIndex[heldPos]); g.heldTs.push(task.heldTs[heldPos]); g.heldStack.push(task.heldStack[heldPos]);
      g.reqIndex.push(index); g.reqTs.push(ts); g.reqStack.push(stack);
      return v;
    },
  };
}
