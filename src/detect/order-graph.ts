// The lock-order graph (docs/design.md §4): an edge L1 -> L2 each time a task requests L2 (not try)
// while holding L1, between detector keys (instances, or classes under lockdep). Each distinct
// (L1, L2) PAIR is an edge of lock-order.ts (same id), and keeps a few distinct VARIANTS: (held
// mode, requested mode, task) and, when thread-aware, the task's fork/join clock and its gate
// locks. A new occurrence is covered by an existing variant of its pair when that is the same
// task's, with the same modes and (thread-aware) the same clock, and its gates are a subset of
// the gates held now (fewer gates suppress less, so it says more).
//
// Memory is what a trace of many locks grows with (the many-locks shape: a pair per ~2.5 events,
// ~1.7 variants a pair): everything is in columns of typed arrays by pair, variant and event
// (chunked-column.ts: growing copies nothing), no object per pair or variant. A pair costs its
// lock-order edge (16 bytes), its slot in the (from, to) hash table (8-16 bytes) and its first
// and last variant and variant count (9 bytes); a variant 25 bytes (pair, next variant of its
// pair, clock epoch standing for task and clock, gates' offset in a pool, modes, and its held
// and requested events); an event a variant names 16 bytes (index and ts), kept once for all the
// variants that name it (found again through a cache of recent events; one held for longer than
// RECENT_EVENTS events may be kept twice). Stacks, gates and instances that differ from their key
// (lockdep) are kept only where there are some.
import { MODE_EXCLUSIVE } from '../model/mode-code.js';
import { createClockEpochs } from '../model/clock-epoch.js';
import { holdsKeyExclusive, NONE, type TaskSlot } from '../model/task-slot.js';
import type { VectorClock } from '../model/vector-clock.js';
import { ChunkedFloat64, ChunkedInt32, ChunkedUint8 } from '../chunked-column.js';
import { withGetters } from '../with-getters.js';
import { createLockOrder, NO_EDGE, type LockOrder } from './lock-order.js';
import { CLOSED, createVariantIndex, END, INDEX_MIN } from './variant-index.js';

/** Variants kept per (from, to) pair; beyond it every edge occurrence of the pair is counted in `dropped`, not kept. */
export const MAX_VARIANTS_PER_PAIR = 32;

export interface OrderGraph {
  readonly pairCount: number;
  readonly variantCount: number;
  /** Edge occurrences of a pair full of variants, not compared with them nor kept (counted each time). */
  readonly dropped: number;
  /** The pairs' topological order and strongly connected sets (lock-order.ts); its edge ids are pair ids. */
  readonly order: LockOrder;

  /** The first pair out of `key` (in order of first sight), NONE when none; then nextOut(). */
  firstOut(key: number): number;
  nextOut(pair: number): number;
  pairTo(pair: number): number;
  /** The first variant of `pair` (oldest first), NONE when none; then nextVariant(). */
  firstVariant(pair: number): number;
  nextVariant(v: number): number;

  // Variant fields, by variant id.
  /** The variant's (from, to) pair. */
  pair(v: number): number;
  from(v: number): number;
  to(v: number): number;
  fromInstance(v: number): number;
  toInstance(v: number): number;
  heldMode(v: number): number;
  reqMode(v: number): number;
  /** Dense task id. */
  task(v: number): number;
  /** The task's fork/join clock when the edge was recorded (a shared, never-mutated array). */
  clock(v: number): VectorClock;
  /** Keys the task held EXCLUSIVE besides `from` and `to`, sorted: how many, the i-th, has it `key`. Empty unless thread-aware. */
  gateCount(v: number): number;
  gateAt(v: number, i: number): number;
  hasGate(v: number, key: number): boolean;
  heldIndex(v: number): number;
  heldTs(v: number): number;
  heldStack(v: number): readonly bigint[] | undefined;
  reqIndex(v: number): number;
  reqTs(v: number): number;
  reqStack(v: number): readonly bigint[] | undefined;

  /**
   * Record the edge from `task`'s held lock at `heldPos` to the requested `toInstance` (key
   * `toKey`, mode code `reqMode`) at the given request event. Returns the id of a NEW variant,
   * or NONE when an existing variant already covers it (a lookup, no allocation) or the pair is full.
   */
  record(task: TaskSlot, heldPos: number, toKey: number, toInstance: number, reqMode: number,
    index: number, ts: number, stack: readonly bigint[] | undefined): number;
}

/**
 * Held locks a request records edges and gates from. A task holding more records its edges from
 * its first and last locks only (order-inversion.ts), without gates (fewer gates suppress less),
 * so one task holding a million locks costs two million edges, not 10^12. Lockdep allows 48
 * (MAX_LOCK_DEPTH); a lower bound here would leave long cycles whose qualification costs more.
 */
export const HELD_EDGE_DEPTH = 128;

/** Events whose record a variant finds again without keeping a second one (a power of two). */
export const RECENT_EVENTS = 1 << 16;

const EMPTY = -1;
const MODE_BITS = 3;

/** `threadAware` (predictive semantics) keeps clocks and gates in a variant's identity. */
export function createOrderGraph(threadAware: boolean): OrderGraph {
  const order = createLockOrder();
  // Pair ids by (from, to): open addressing over pair ids, the keys read from the order's edges.
  let slots = new Int32Array(1024).fill(EMPTY);
  let pairCount = 0;
  // By pair: first and last variant, variant count.
  const pairFirst = new ChunkedInt32();
  const pairLast = new ChunkedInt32();
  const pairSize = new ChunkedUint8();
  // By variant.
  const vPair = new ChunkedInt32();
  // The next variant of the same pair (2v) beside the clock epoch (2v + 1): a lookup walking a
  // pair's variants reads one cache line per variant it passes.
  const vLink = new ChunkedInt32();
  const vGates = new ChunkedInt32();
  const vModes = new ChunkedUint8();
  const vHeld = new ChunkedInt32();
  const vReq = new ChunkedInt32();
  // Instances, only once one differs from its key (lockdep): until then the key is the instance.
  let vFromInstance: ChunkedInt32 | undefined;
  let vToInstance: ChunkedInt32 | undefined;
  // By event record: index and ts; stacks only where there are some.
  const rIndex = new ChunkedFloat64();
  const rTs = new ChunkedFloat64();
  const rStacks = new Map<number, readonly bigint[]>();
  let records = 0;
  // The record of recent events, by index modulo RECENT_EVENTS.
  const recentIndex = new Float64Array(RECENT_EVENTS).fill(-1);
  const recentRecord = new Int32Array(RECENT_EVENTS);
  // Gates: pool[offset] is the count, the keys follow; offset 0 is the empty list.
  const pool = new ChunkedInt32();
  pool.set(0, 0);
  let poolSize = 1;
  // Clock epochs (model/clock-epoch.ts): each stands for one task and one of its clocks.
  const epochOf = createClockEpochs();
  const epochTask: number[] = [NONE];
  const epochClock: VectorClock[] = [[]];
  // The variants of pairs with many, by owner.
  const byOwner = createVariantIndex();
  let variants = 0;
  let dropped = 0;

  function hash(fromKey: number, toKey: number): number {
    let h = Math.imul(fromKey, 0x9e3779b1) ^ Math.imul(toKey, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  // The slot of pair (fromKey, toKey) in `table`: its own, or the empty one it would take.
  function slotOf(table: Int32Array, fromKey: number, toKey: number): number {
    const mask = table.length - 1;
    let at = hash(fromKey, toKey) & mask;
    for (;;) {
      const p = table[at];
      if (p === EMPTY || (order.from(p) === fromKey && order.to(p) === toKey)) return at;
      at = (at + 1) & mask;
    }
  }

  function growSlots(): void {
    const table = new Int32Array(2 * slots.length).fill(EMPTY);
    for (let p = 0; p < pairCount; p++) table[slotOf(table, order.from(p), order.to(p))] = p;
    slots = table;
  }

  // A new pair in the empty slot `at`.
  function newPair(at: number, fromKey: number, toKey: number): number {
    const pair = pairCount++;
    slots[at] = pair;
    order.add(fromKey, toKey);
    pairFirst.set(pair, NONE);
    pairLast.set(pair, NONE);
    pairSize.set(pair, 0);
    if (2 * pairCount > slots.length) growSlots();
    return pair;
  }

  // The record of the event at `index` (the same ts and stack for every variant that names it).
  function recordOf(index: number, ts: number, stack: readonly bigint[] | undefined): number {
    const h = index & (RECENT_EVENTS - 1);
    if (recentIndex[h] === index) return recentRecord[h];
    const r = records++;
    rIndex.set(r, index);
    rTs.set(r, ts);
    if (stack !== undefined) rStacks.set(r, stack);
    recentIndex[h] = index;
    recentRecord[h] = r;
    return r;
  }

  // The epoch of `task`'s clock now (a new one is noted with its task and clock).
  function epochNow(task: TaskSlot): number {
    const e = epochOf(task);
    if (e === epochClock.length) {
      epochTask.push(task.id);
      epochClock.push(task.clock);
    }
    return e;
  }

  // Is `key` held EXCLUSIVE by the task, and not the edge's own from/to?
  function isGate(task: TaskSlot, key: number, fromKey: number, toKey: number): boolean {
    if (key === fromKey || key === toKey) return false;
    if (task.heldKeyAt !== undefined) return holdsKeyExclusive(task, key);
    const keys = task.heldKey;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key && task.heldMode[i] === MODE_EXCLUSIVE) return true;
    return false;
  }

  // A variant with `vModes` and the gates at `gates` covers the occurrence (see the header); its
  // owner is the task's already.
  function covers(vModes: number, gates: number, task: TaskSlot, modes: number, fromKey: number, toKey: number): boolean {
    if (vModes !== modes) return false;
    if (gates === 0) return true;
    const end = gates + 1 + pool.get(gates);
    for (let j = gates + 1; j < end; j++) if (!isGate(task, pool.get(j), fromKey, toKey)) return false;
    return true;
  }

  // A variant in the owner index, from `entry` on, covers the occurrence.
  function coveredFrom(entry: number, task: TaskSlot, modes: number, fromKey: number, toKey: number): boolean {
    for (let e = entry; e !== END; e = byOwner.next(e)) {
      if (covers(byOwner.modes(e), byOwner.gates(e), task, modes, fromKey, toKey)) return true;
    }
    return false;
  }

  // The owner of variant `v`: its clock epoch, or its task when not thread-aware.
  function ownerOf(v: number): number {
    const epoch = vLink.get(2 * v + 1);
    return threadAware ? epoch : epochTask[epoch];
  }

  // A variant of `pair` covers the occurrence, walking the pair's variants.
  function covered(pair: number, task: TaskSlot, owner: number, modes: number, fromKey: number, toKey: number): boolean {
    for (let v = pairFirst.get(pair); v !== NONE; v = vLink.get(2 * v)) {
      if (ownerOf(v) === owner && covers(vModes.get(v), vGates.get(v), task, modes, fromKey, toKey)) return true;
    }
    return false;
  }

  // Variant `v` of `pair` into the owner index: with the pair's others when it reaches INDEX_MIN.
  function indexVariant(pair: number, v: number): void {
    const size = pairSize.get(pair);
    if (size < INDEX_MIN) return;
    const add = (w: number): void => byOwner.add(order.from(pair), order.to(pair), ownerOf(w), vModes.get(w), vGates.get(w));
    if (size > INDEX_MIN) {
      add(v);
      return;
    }
    for (let w = pairFirst.get(pair); w !== NONE; w = vLink.get(2 * w)) add(w);
  }

  // The gates of the task's edge, sorted and distinct, into the pool; their offset.
  function addGates(task: TaskSlot, fromKey: number, toKey: number): number {
    if (!threadAware) return 0;
    const start = poolSize;
    let count = 0;
    if (task.heldKey.length > HELD_EDGE_DEPTH) return 0;
    for (let i = 0; i < task.heldKey.length; i++) {
      const key = task.heldKey[i];
      if (task.heldMode[i] !== MODE_EXCLUSIVE || key === fromKey || key === toKey) continue;
      // Sorted and distinct, by insertion: a task holds a few locks.
      let at = start + 1 + count;
      while (at > start + 1 && pool.get(at - 1) > key) at--;
      if (at > start + 1 && pool.get(at - 1) === key) continue;
      for (let j = start + 1 + count; j > at; j--) pool.set(j, pool.get(j - 1));
      pool.set(at, key);
      count += 1;
    }
    if (count === 0) return 0;
    pool.set(start, count);
    poolSize = start + 1 + count;
    return start;
  }

  // Variant `v`'s instances, kept apart from its keys from the first one that differs.
  function setInstances(v: number, fromKey: number, toKey: number, fromInstance: number, toInstance: number): void {
    if (vFromInstance === undefined || vToInstance === undefined) {
      if (fromInstance === fromKey && toInstance === toKey) return;
      vFromInstance = new ChunkedInt32();
      vToInstance = new ChunkedInt32();
      for (let w = 0; w < v; w++) {
        vFromInstance.set(w, order.from(vPair.get(w)));
        vToInstance.set(w, order.to(vPair.get(w)));
      }
    }
    vFromInstance.set(v, fromInstance);
    vToInstance.set(v, toInstance);
  }

  return withGetters({
    order,
    firstOut: (key: number) => order.firstOut(key),
    nextOut: (pair: number) => {
      const next = order.nextOut(pair);
      return next === NO_EDGE ? NONE : next;
    },
    pairTo: (pair: number) => order.to(pair),
    firstVariant: (pair: number) => pairFirst.get(pair),
    nextVariant: (v: number) => vLink.get(2 * v),
    pair: (v: number) => vPair.get(v),
    from: (v: number) => order.from(vPair.get(v)),
    to: (v: number) => order.to(vPair.get(v)),
    fromInstance: (v: number) => (vFromInstance === undefined ? order.from(vPair.get(v)) : vFromInstance.get(v)),
    toInstance: (v: number) => (vToInstance === undefined ? order.to(vPair.get(v)) : vToInstance.get(v)),
    heldMode: (v: number) => vModes.get(v) >> MODE_BITS,
    reqMode: (v: number) => vModes.get(v) & ((1 << MODE_BITS) - 1),
    task: (v: number) => epochTask[vLink.get(2 * v + 1)],
    clock: (v: number) => epochClock[vLink.get(2 * v + 1)],
    gateCount: (v: number) => pool.get(vGates.get(v)),
    gateAt: (v: number, i: number) => pool.get(vGates.get(v) + 1 + i),
    hasGate(v: number, key: number): boolean {
      const at = vGates.get(v);
      for (let j = at + 1; j <= at + pool.get(at); j++) if (pool.get(j) === key) return true;
      return false;
    },
    heldIndex: (v: number) => rIndex.get(vHeld.get(v)),
    heldTs: (v: number) => rTs.get(vHeld.get(v)),
    heldStack: (v: number) => rStacks.get(vHeld.get(v)),
    reqIndex: (v: number) => rIndex.get(vReq.get(v)),
    reqTs: (v: number) => rTs.get(vReq.get(v)),
    reqStack: (v: number) => rStacks.get(vReq.get(v)),
    record(task: TaskSlot, heldPos: number, toKey: number, toInstance: number, reqMode: number,
      index: number, ts: number, stack: readonly bigint[] | undefined): number {
      const fromKey = task.heldKey[heldPos];
      const heldMode = task.heldMode[heldPos];
      const modes = (heldMode << MODE_BITS) | reqMode;
      const e = epochNow(task);
      const owner = threadAware ? e : task.id;
      // A pair with many variants: the index answers first, without the pair's own lookup.
      const first = byOwner.first(fromKey, toKey, owner);
      if (first === CLOSED) {
        dropped += 1;
        return NONE;
      }
      if (first !== END && coveredFrom(first, task, modes, fromKey, toKey)) return NONE;
      const at = slotOf(slots, fromKey, toKey);
      let pair = slots[at];
      if (pair !== EMPTY) {
        // A full pair takes no variant: its edges are counted, and closed to the owner.
        if (pairSize.get(pair) >= MAX_VARIANTS_PER_PAIR) {
          dropped += 1;
          byOwner.close(fromKey, toKey, owner);
          return NONE;
        }
        // Not in the index: a pair with few variants is walked (an indexed one has none of the owner's).
        if (first === END && pairSize.get(pair) < INDEX_MIN && covered(pair, task, owner, modes, fromKey, toKey)) return NONE;
      } else {
        pair = newPair(at, fromKey, toKey);
      }
      const v = variants++;
      vPair.set(v, pair);
      vLink.set(2 * v, NONE);
      vLink.set(2 * v + 1, e);
      vModes.set(v, modes);
      vGates.set(v, addGates(task, fromKey, toKey));
      vHeld.set(v, recordOf(task.heldIndex[heldPos], task.heldTs[heldPos], task.heldStack[heldPos]));
      vReq.set(v, recordOf(index, ts, stack));
      setInstances(v, fromKey, toKey, task.heldInstance[heldPos], toInstance);
      const last = pairLast.get(pair);
      if (last === NONE) pairFirst.set(pair, v);
      else vLink.set(2 * last, v);
      pairLast.set(pair, v);
      pairSize.set(pair, pairSize.get(pair) + 1);
      indexVariant(pair, v);
      if (pairSize.get(pair) === MAX_VARIANTS_PER_PAIR) {
        for (let w = pairFirst.get(pair); w !== NONE; w = vLink.get(2 * w)) byOwner.close(fromKey, toKey, ownerOf(w));
      }
      return v;
    },
  }, { pairCount: () => pairCount, variantCount: () => variants, dropped: () => dropped });
}
