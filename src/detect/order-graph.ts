// The lock-order graph (docs/design.md §4): an edge L1 -> L2 each time a task requests L2 (not try)
// while holding L1, between detector keys (instances, or classes under lockdep). Each (L1, L2)
// pair keeps a few distinct VARIANTS: (held mode, requested mode, task) and, when thread-aware,
// the task's fork/join clock and its gate locks. Variants live in parallel arrays, by dense id.
import { MODE_EXCLUSIVE } from '../model/mode-code.js';
import { NONE, type TaskSlot } from '../model/task-slot.js';
import { IdInterner } from '../trace/fast-id-interner.js';
import { assert } from '../assert.js';
import { withGetters } from '../with-getters.js';
import { growInt32 } from '../grow-int32.js';
import { CLOSED, COVERED, createVariantCover } from './variant-cover.js';

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

  function gatesOf(task: TaskSlot, fromKey: number, toKey: number): readonly number[] {
    if (!threadAware) return NO_GATES;
    let gates: number[] | undefined;
    for (let i = 0; i < task.heldKey.length; i++) {
      const key = task.heldKey[i];
      if (task.heldMode[i] !== MODE_EXCLUSIVE || key === fromKey || key === toKey) continue;
      gates ??= [];
      // Sorted and distinct, by insertion: a task holds a few locks.
      let at = gates.length;
      while (at > 0 && gates[at - 1] > key) at--;
      if (at > 0 && gates[at - 1] === key) continue;
      gates.splice(at, 0, key);
    }
    return gates ?? NO_GATES;
  }

  const cover = createVariantCover(threadAware);
  // Variants per pair, as a count: `pairVariants[pair].length` without reading the array.
  let pairSize = new Int32Array(1024);

  function pairOf(fromKey: number, toKey: number): number {
    while (out.length <= fromKey) out.push(undefined);
    const pair = pairIds.idOf(fromKey, toKey);
    assert(pair === pairTo.length, 'pairs are interned in order');
    (out[fromKey] ??= []).push(pair);
    pairTo.push(toKey);
    pairVariants.push([]);
    pairSize = growInt32(pairSize, pair + 1);
    return pair;
  }

  return withGetters({
    out, pairTo, pairVariants,
    pair: g.pair, from: g.from, to: g.to, fromInstance: g.fromInstance, toInstance: g.toInstance,
    heldMode: g.heldMode, reqMode: g.reqMode, task: g.task, clock: g.clock, gates: g.gates,
    heldIndex: g.heldIndex, heldTs: g.heldTs, heldStack: g.heldStack,
    reqIndex: g.reqIndex, reqTs: g.reqTs, reqStack: g.reqStack,
    record(task: TaskSlot, heldPos: number, toKey: number, toInstance: number, reqMode: number,
      index: number, ts: number, stack: readonly bigint[] | undefined): number {
      const fromKey = task.heldKey[heldPos];
      const heldMode = task.heldMode[heldPos];
      const seen = cover.lookup(fromKey, toKey, task, heldMode, reqMode);
      if (seen === COVERED) return NONE;
      if (seen === CLOSED) {
        dropped += 1;
        return NONE;
      }
      const found = pairIds.find(fromKey, toKey);
      const known = found < 0 ? undefined : found;
      // A full pair takes no variant: its edges are counted, and closed in the cover.
      if (known !== undefined && pairSize[known] >= MAX_VARIANTS_PER_PAIR) {
        dropped += 1;
        cover.close(fromKey, toKey, task.id);
        return NONE;
      }
      const pair = known ?? pairOf(fromKey, toKey);
      const v = g.from.length;
      pairVariants[pair].push(v);
      pairSize[pair] += 1;
      g.pair.push(pair); g.from.push(fromKey); g.to.push(toKey);
      g.fromInstance.push(task.heldInstance[heldPos]); g.toInstance.push(toInstance);
      g.heldMode.push(heldMode); g.reqMode.push(reqMode); g.task.push(task.id);
      const gates = gatesOf(task, fromKey, toKey);
      g.clock.push(task.clock); g.gates.push(gates);
      g.heldIndex.push(task.heldIndex[heldPos]); g.heldTs.push(task.heldTs[heldPos]); g.heldStack.push(task.heldStack[heldPos]);
      g.reqIndex.push(index); g.reqTs.push(ts); g.reqStack.push(stack);
      cover.add(v, fromKey, toKey, task, heldMode, reqMode, gates);
      if (pairSize[pair] === MAX_VARIANTS_PER_PAIR) {
        for (const w of pairVariants[pair]) cover.close(fromKey, toKey, g.task[w]);
      }
      return v;
    },
  }, { pairCount: () => pairTo.length, variantCount: () => g.from.length, dropped: () => dropped });
}
