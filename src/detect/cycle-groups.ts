// Cycles of any length, grouped (instance and lockdep semantics; docs/design.md §4). The search
// runs on MODE EDGES, the distinct (from, to, held mode, requested mode) of the lock-order graph,
// not on its per-task variants: whether a cycle exists depends on locks and modes only.
//
// A new mode edge that closes a cycle is searched breadth-first for its SHORTEST cycle over
// (lock, mode of the incoming request) states, with blocks() at every lock (lockdep's strong path,
// kernel/locking/lockdep.c check_noncircular()), so there is no length bound. Locks on reported
// cycles are merged into sets (union-find); every set is strongly connected. A closing edge between
// two locks already in one set is a further cycle of that set (its `moreCycles`, a lower bound:
// each such edge closes at least one elementary cycle whose newest edge it is); one between
// locks of different sets is a new finding and merges them. Each finding merges at least two sets,
// so a trace over n locks gives at most n - 1 order-inversion findings, however dense its graph.
//
// A mode edge is named by its first variant (the oldest of its pair with its modes); the mode
// edges out of each lock are a list in the order they came, linked through typed arrays (4 bytes
// a variant): nothing per edge on the heap.
import { blocksCode } from '../model/blocks.js';
import { NONE } from '../model/task-slot.js';
import { ChunkedInt32 } from '../chunked-column.js';
import { growInt32 } from '../grow-int32.js';
import { createLockSets } from './lock-sets.js';
import type { OrderGraph } from './order-graph.js';

/** What a new variant did to the cycles of the graph. */
export type CycleStep =
  /** It closes no cycle (or repeats a mode edge that closed none). */
  | { readonly kind: 'none' }
  /** A new cycle between locks of different sets: `variants` in cycle order, the new one last. */
  | { readonly kind: 'new'; readonly variants: readonly number[] }
  /** A further cycle inside the set whose finding is `key`. */
  | { readonly kind: 'more'; readonly key: string }
  /** A variant of a mode edge that already closed the cycle of finding `key`. */
  | { readonly kind: 'again'; readonly key: string };

export interface CycleGroups {
  /** Place the graph's new variant `v`. After a `new` step, call settle() with its finding's key. */
  add(v: number): CycleStep;
  /** The finding `key` stands for the cycle of the last `new` step (its locks become one set). */
  settle(key: string): void;
}

const NO_STEP: CycleStep = { kind: 'none' };
// States per lock in the search: one per mode code of the incoming request.
const MODES = 8;

export function createCycleGroups(graph: OrderGraph): CycleGroups {
  // Mode edges out of each lock (first and last, by key) and the next one out of the same lock.
  let outHead = new Int32Array(0);
  let outTail = new Int32Array(0);
  const outNext = new ChunkedInt32();
  // The finding whose cycle a mode edge closed.
  const edgeKey = new Map<number, string>();
  const sets = createLockSets();
  // Breadth-first search over states lock * MODES + mode.
  let seen = new Int32Array(0);
  let via = new Int32Array(0);
  let prev = new Int32Array(0);
  const queue: number[] = [];
  let stamp = 0;
  let pending: readonly number[] = [];

  // The mode edge of variant `v`: the first variant of its pair with its modes.
  function modeEdgeOf(v: number): number {
    const held = graph.heldMode(v);
    const req = graph.reqMode(v);
    let w = graph.firstVariant(graph.pair(v));
    while (w !== v && (graph.heldMode(w) !== held || graph.reqMode(w) !== req)) w = graph.nextVariant(w);
    return w;
  }

  // Mode edge `e` at the end of the list of its lock.
  function addOut(e: number): void {
    const lock = graph.from(e);
    if (lock >= outHead.length) {
      outHead = growInt32(outHead, lock + 1, NONE);
      outTail = growInt32(outTail, lock + 1, NONE);
    }
    outNext.set(e, NONE);
    if (outTail[lock] === NONE) outHead[lock] = e;
    else outNext.set(outTail[lock], e);
    outTail[lock] = e;
  }

  // The mode edges of the shortest cycle through mode edge `v`, `v` not included.
  function shortestCycle(v: number): number[] | undefined {
    const start = graph.from(v);
    const first = graph.to(v);
    const held = graph.heldMode(v);
    // No path back from `first` to `start` outside their strongly connected set (lock-order.ts).
    if (!graph.order.together(start, first)) return undefined;
    const size = MODES * (Math.max(start, first) + 1);
    seen = growInt32(seen, size);
    via = growInt32(via, size);
    prev = growInt32(prev, size);
    stamp += 1;
    queue.length = 0;
    const origin = first * MODES + graph.reqMode(v);
    seen[origin] = stamp;
    queue.push(origin);
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q];
      const lock = (state / MODES) | 0;
      const incoming = state % MODES;
      for (let w = lock < outHead.length ? outHead[lock] : NONE; w !== NONE; w = outNext.get(w)) {
        if (!blocksCode(incoming, graph.heldMode(w))) continue;
        const to = graph.to(w);
        if (to === start) {
          if (!blocksCode(graph.reqMode(w), held)) continue;
          const cycle = [w];
          for (let s = state; s !== origin; s = prev[s]) cycle.push(via[s]);
          return cycle.reverse();
        }
        if (to === first) continue;
        const next = to * MODES + graph.reqMode(w);
        if (next >= seen.length) {
          seen = growInt32(seen, next + 1);
          via = growInt32(via, next + 1);
          prev = growInt32(prev, next + 1);
        }
        if (seen[next] === stamp) continue;
        seen[next] = stamp;
        via[next] = w;
        prev[next] = state;
        queue.push(next);
      }
    }
    return undefined;
  }

  return {
    add(v) {
      const known = modeEdgeOf(v);
      if (known !== v) {
        const key = edgeKey.get(known);
        return key === undefined ? NO_STEP : { kind: 'again', key };
      }
      const cycle = shortestCycle(v);
      addOut(v);
      if (cycle === undefined) return NO_STEP;
      cycle.push(v);
      const key = sets.sharedKey([graph.from(v), graph.to(v)]);
      if (key !== undefined) {
        edgeKey.set(v, key);
        return { kind: 'more', key };
      }
      pending = cycle;
      return { kind: 'new', variants: [...cycle] };
    },
    settle(key) {
      for (const e of pending) edgeKey.set(e, key);
      sets.merge(pending.map((e) => graph.from(e)), key);
      pending = [];
    },
  };
}
