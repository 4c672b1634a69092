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
// lock-order edge (16 bytes), its slot in the (from, to) hash table (8-16 bytes), its first
// variant and variant count (5 bytes); a variant 21 bytes (next variant of its pair, the last
// one naming the pair; clock epoch standing for task and clock; gates' offset in a pool; modes;
// its held and requested events); an event a variant names 12 bytes (index and ts), kept once for
// all the variants that name it (found again through a cache of recent events; one held for
// longer than RECENT_EVENTS events may be kept twice). The edges of one request share one gate
// list. Stacks, gates and instances that differ from their key (lockdep) are kept only where
// there are some; pairs with many variants are indexed by owner (variant-index.ts).
import { MODE_EXCLUSIVE } from '../model/mode-code.js';
import { createClockEpochs } from '../model/clock-epoch.js';
import { holdsKeyExclusive, NONE, type TaskSlot } from '../model/task-slot.js';
import type { VectorClock } from '../model/vector-clock.js';
import { ChunkedFloat64, ChunkedInt32, ChunkedUint16, ChunkedUint8 } from '../chunked-column.js';
import { withGetters } from '../with-getters.js';
import { createLockOrder, NO_EDGE, type LockOrder } from './lock-order.js';
import { CLOSED, createVariantIndex, END, INDEX_MIN } from './variant-index.js';

/**
 * Held locks up to which a request records an edge from each of them. A request made holding more
 * records lockdep's one edge, from the last lock taken, without gates (the others still reach the
 * requested lock through the locks taken after them, in the order, but a cycle search asks for
 * edges of distinct tasks, so inversions through them may be missed; the report counts such
 * requests). A task nesting n locks would otherwise make n²/2 pairs: 5 × 10^11 at a million.
 */
export const MAX_ORDER_DEPTH = 1024;

/** The first of `task`'s held positions a request records an edge from (MAX_ORDER_DEPTH). */
export function firstOrderedHeld(task: TaskSlot): number {
  return task.heldKey.length > MAX_ORDER_DEPTH ? task.heldKey.length - 1 : 0;
}

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

/** Events whose record a variant finds again without keeping a second one (a power of two). */
export const RECENT_EVENTS = 1 << 16;

const EMPTY = -1;
const MODE_BITS = 3;
// Gate lists up to this long are sorted by insertion as they are made.
const SORT_BY_INSERTION = 32;

/** `threadAware` (predictive semantics) keeps clocks and gates in a variant's identity. */
export function createOrderGraph(threadAware: boolean): OrderGraph {
  const order = createLockOrder();
  // Pair ids by (from, to): open addressing over pair ids, the keys read from the order's edges.
  let slots = new Int32Array(1024).fill(EMPTY);
  let pairCount = 0;
  // By pair: first variant, variant count.
  const pairFirst = new ChunkedInt32();
  const pairSize = new ChunkedUint8();
  // By variant. The next variant of the same pair (the last one's holds -2 - its pair): a
  // variant's pair is found at the end of its list (MAX_VARIANTS_PER_PAIR long at most), with no
  // column of its own. The clock epoch, standing for task and clock, in 16 bits until an epoch
  // past them moves them all to 32.
  const vNext = new ChunkedInt32();
  const vEpoch = new ChunkedUint16();
  let vEpochWide: ChunkedInt32 | undefined;
  const vGates = new ChunkedInt32();
  const vModes = new ChunkedUint8();
  const vHeld = new ChunkedInt32();
  const vReq = new ChunkedInt32();
  // Instances, only once one differs from its key (lockdep): until then the key is the instance.
  let vFromInstance: ChunkedInt32 | undefined;
  let vToInstance: ChunkedInt32 | undefined;
  // By event record: index (below 2^32 as an unsigned 32-bit number, until an index past it moves
  // them all to rIndexWide) and ts; stacks only where there are some.
  const rIndex = new ChunkedInt32();
  let rIndexWide: ChunkedFloat64 | undefined;
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
  // The last list added to the pool; the sorted keys of the task and held version last asked
  // for (in `scratch`, `gatesCount` of them), and their offset once kept (else 0).
  let lastGates = 0;
  let scratch = new Int32Array(16);
  let keptGates = 0;
  let gatesCount = 0;
  let gatesTask = NONE;
  let gatesVersion = 0;
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
    pairSize.set(pair, 0);
    if (2 * pairCount > slots.length) growSlots();
    return pair;
  }

  // The record of the event at `index` (the same ts and stack for every variant that names it).
  function recordOf(index: number, ts: number, stack: readonly bigint[] | undefined): number {
    const h = index & (RECENT_EVENTS - 1);
    if (recentIndex[h] === index) return recentRecord[h];
    const r = records++;
    if (rIndexWide === undefined && index >= 2 ** 32) {
      rIndexWide = new ChunkedFloat64();
      for (let q = 0; q < r; q++) rIndexWide.set(q, rIndex.get(q) >>> 0);
    }
    if (rIndexWide === undefined) rIndex.set(r, index);
    else rIndexWide.set(r, index);
    rTs.set(r, ts);
    if (stack !== undefined) rStacks.set(r, stack);
    recentIndex[h] = index;
    recentRecord[h] = r;
    return r;
  }

  // The event index of record `r`.
  function indexOf(r: number): number {
    return rIndexWide === undefined ? rIndex.get(r) >>> 0 : rIndexWide.get(r);
  }

  // The clock epoch of variant `v`.
  function epochOfVariant(v: number): number {
    return vEpochWide === undefined ? vEpoch.get(v) : vEpochWide.get(v);
  }

  function setEpoch(v: number, epoch: number): void {
    if (vEpochWide === undefined && epoch > 0xffff) {
      vEpochWide = new ChunkedInt32();
      for (let w = 0; w < v; w++) vEpochWide.set(w, vEpoch.get(w));
    }
    if (vEpochWide === undefined) vEpoch.set(v, epoch);
    else vEpochWide.set(v, epoch);
  }

  // The variant after `v` in its pair's list, NONE after the last.
  function nextOf(v: number): number {
    const next = vNext.get(v);
    return next < 0 ? NONE : next;
  }

  // The pair of variant `v`, at the end of its list.
  function pairOf(v: number): number {
    let next = vNext.get(v);
    while (next >= 0) next = vNext.get(next);
    return -2 - next;
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

  // Is `key` held EXCLUSIVE by the task?
  function holdsExclusive(task: TaskSlot, key: number): boolean {
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
    for (let j = gates + 1; j < end; j++) {
      const key = pool.get(j);
      if (key !== fromKey && key !== toKey && !holdsExclusive(task, key)) return false;
    }
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
    const epoch = epochOfVariant(v);
    return threadAware ? epoch : epochTask[epoch];
  }

  // A variant of `pair` covers the occurrence, walking the pair's variants.
  function covered(pair: number, task: TaskSlot, owner: number, modes: number, fromKey: number, toKey: number): boolean {
    for (let v = pairFirst.get(pair); v !== NONE; v = nextOf(v)) {
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
    for (let w = pairFirst.get(pair); w !== NONE; w = nextOf(w)) add(w);
  }

  // The gate list of the task's edge from `fromKey` to `toKey` (offset 0: none): the keys the
  // task holds EXCLUSIVE, sorted and distinct, the edge's own ends among them (skipped where
  // read). The edges of one request share one list, and so do the task's next requests while
  // what it holds stays the same (its held version): a task holding n locks sorts its keys once
  // per request, not once per edge, and the list goes into the pool only when an edge has a gate.
  // A request past MAX_ORDER_DEPTH held locks has none (sorting them would cost n log n each time).
  function addGates(task: TaskSlot, fromKey: number, toKey: number): number {
    if (!threadAware || firstOrderedHeld(task) > 0) return 0;
    if (task.id !== gatesTask || task.heldVersion !== gatesVersion) {
      gatesTask = task.id;
      gatesVersion = task.heldVersion;
      gatesCount = sortExclusive(task);
      keptGates = 0;
    }
    const ends = (sortedHas(fromKey) ? 1 : 0) + (sortedHas(toKey) ? 1 : 0);
    if (gatesCount <= ends) return 0;
    if (keptGates === 0) keptGates = keepGates();
    return keptGates;
  }

  // The task's EXCLUSIVE keys now, sorted and distinct, into `scratch`; how many.
  function sortExclusive(task: TaskSlot): number {
    if (scratch.length < task.heldKey.length) scratch = new Int32Array(2 * task.heldKey.length);
    let count = 0;
    for (let i = 0; i < task.heldKey.length; i++) {
      if (task.heldMode[i] !== MODE_EXCLUSIVE) continue;
      // By insertion while a task holds a few (sort() of a subarray allocates); sorted after past that.
      const key = task.heldKey[i];
      let at = count++;
      if (count <= SORT_BY_INSERTION) for (; at > 0 && scratch[at - 1] > key; at--) scratch[at] = scratch[at - 1];
      scratch[at] = key;
    }
    if (count > SORT_BY_INSERTION) scratch.subarray(0, count).sort();
    let distinct = count === 0 ? 0 : 1;
    for (let j = 1; j < count; j++) if (scratch[j] !== scratch[distinct - 1]) scratch[distinct++] = scratch[j];
    return distinct;
  }

  // Is `key` in the sorted list in `scratch`?
  function sortedHas(key: number): boolean {
    let lo = 0;
    let hi = gatesCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (scratch[mid] === key) return true;
      if (scratch[mid] < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  // The list in `scratch` in the pool: the last one kept when it is equal, else a new one.
  function keepGates(): number {
    if (lastGates !== 0 && pool.get(lastGates) === gatesCount) {
      let same = true;
      for (let j = 0; j < gatesCount && same; j++) same = pool.get(lastGates + 1 + j) === scratch[j];
      if (same) return lastGates;
    }
    lastGates = poolSize;
    pool.set(poolSize++, gatesCount);
    for (let j = 0; j < gatesCount; j++) pool.set(poolSize++, scratch[j]);
    return lastGates;
  }

  // The position of `key` in the sorted gate list at `at`, NONE when it is not there.
  function findGate(at: number, key: number): number {
    let lo = at + 1;
    let hi = at + pool.get(at);
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = pool.get(mid);
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return NONE;
  }

  // The gates of variant `v`: its list without the edge's own ends.
  function gateCount(v: number): number {
    const at = vGates.get(v);
    if (at === 0) return 0;
    const pair = pairOf(v);
    return pool.get(at) - (findGate(at, order.from(pair)) === NONE ? 0 : 1) - (findGate(at, order.to(pair)) === NONE ? 0 : 1);
  }

  function gateAt(v: number, i: number): number {
    const at = vGates.get(v);
    const pair = pairOf(v);
    const a = findGate(at, Math.min(order.from(pair), order.to(pair)));
    const b = findGate(at, Math.max(order.from(pair), order.to(pair)));
    // Past the ends that come before it.
    let pos = at + 1 + i;
    if (a !== NONE && a <= pos) pos += 1;
    if (b !== NONE && b <= pos) pos += 1;
    return pos <= at + pool.get(at) ? pool.get(pos) : NONE;
  }

  function hasGate(v: number, key: number): boolean {
    if (findGate(vGates.get(v), key) === NONE) return false;
    const pair = pairOf(v);
    return key !== order.from(pair) && key !== order.to(pair);
  }

  // Variant `v`'s instances, kept apart from its keys from the first one that differs.
  function setInstances(v: number, fromKey: number, toKey: number, fromInstance: number, toInstance: number): void {
    if (vFromInstance === undefined || vToInstance === undefined) {
      if (fromInstance === fromKey && toInstance === toKey) return;
      vFromInstance = new ChunkedInt32();
      vToInstance = new ChunkedInt32();
      for (let w = 0; w < v; w++) {
        vFromInstance.set(w, order.from(pairOf(w)));
        vToInstance.set(w, order.to(pairOf(w)));
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
    nextVariant: nextOf,
    pair: pairOf,
    from: (v: number) => order.from(pairOf(v)),
    to: (v: number) => order.to(pairOf(v)),
    fromInstance: (v: number) => (vFromInstance === undefined ? order.from(pairOf(v)) : vFromInstance.get(v)),
    toInstance: (v: number) => (vToInstance === undefined ? order.to(pairOf(v)) : vToInstance.get(v)),
    heldMode: (v: number) => vModes.get(v) >> MODE_BITS,
    reqMode: (v: number) => vModes.get(v) & ((1 << MODE_BITS) - 1),
    task: (v: number) => epochTask[epochOfVariant(v)],
    clock: (v: number) => epochClock[epochOfVariant(v)],
    gateCount, gateAt, hasGate,
    heldIndex: (v: number) => indexOf(vHeld.get(v)),
    heldTs: (v: number) => rTs.get(vHeld.get(v)),
    heldStack: (v: number) => rStacks.get(vHeld.get(v)),
    reqIndex: (v: number) => indexOf(vReq.get(v)),
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
      vNext.set(v, -2 - pair);
      setEpoch(v, e);
      vModes.set(v, modes);
      vGates.set(v, addGates(task, fromKey, toKey));
      vHeld.set(v, recordOf(task.heldIndex[heldPos], task.heldTs[heldPos], task.heldStack[heldPos]));
      vReq.set(v, recordOf(index, ts, stack));
      setInstances(v, fromKey, toKey, task.heldInstance[heldPos], toInstance);
      // Appended: a pair has at most MAX_VARIANTS_PER_PAIR to walk (no column of last variants).
      let last = pairFirst.get(pair);
      if (last === NONE) {
        pairFirst.set(pair, v);
      } else {
        while (nextOf(last) !== NONE) last = nextOf(last);
        vNext.set(last, v);
      }
      pairSize.set(pair, pairSize.get(pair) + 1);
      indexVariant(pair, v);
      if (pairSize.get(pair) === MAX_VARIANTS_PER_PAIR) {
        for (let w = pairFirst.get(pair); w !== NONE; w = nextOf(w)) byOwner.close(fromKey, toKey, ownerOf(w));
      }
      return v;
    },
  }, { pairCount: () => pairCount, variantCount: () => variants, dropped: () => dropped });
}
