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
import { blocksCode } from '../model/blocks.js';
import { IdInterner } from '../trace/fast-id-interner.js';
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
  const ids = new IdInterner();
  // Mode edges, by dense id: their first variant, and the finding whose cycle they closed.
  const edgeVariant: number[] = [];
  const edgeKey: (string | undefined)[] = [];
  const out: number[][] = [];
  const sets = createLockSets();
  // Breadth-first search over states lock * MODES + mode.
  let seen = new Int32Array(0);
  let via = new Int32Array(0);
  let prev = new Int32Array(0);
  const queue: number[] = [];
  let stamp = 0;
  let pending: readonly number[] = [];

  // The mode edges of the shortest cycle through mode edge `e` (first variant `v`), `e` last.
  function shortestCycle(v: number): number[] | undefined {
    const start = graph.from[v];
    const first = graph.to[v];
    const held = graph.heldMode[v];
    // No path back from `first` to `start` outside their strongly connected set (lock-order.ts).
    if (!graph.order.together(start, first)) return undefined;
    const size = MODES * (Math.max(start, first) + 1);
    seen = growInt32(seen, size);
    via = growInt32(via, size);
    prev = growInt32(prev, size);
    stamp += 1;
    queue.length = 0;
    const origin = first * MODES + graph.reqMode[v];
    seen[origin] = stamp;
    queue.push(origin);
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q];
      const lock = (state / MODES) | 0;
      const incoming = state % MODES;
      const edges = out[lock];
      if (edges === undefined) continue;
      for (let i = 0; i < edges.length; i++) {
        const w = edgeVariant[edges[i]];
        if (!blocksCode(incoming, graph.heldMode[w])) continue;
        const to = graph.to[w];
        if (to === start) {
          if (!blocksCode(graph.reqMode[w], held)) continue;
          const cycle = [edges[i]];
          for (let s = state; s !== origin; s = prev[s]) cycle.push(via[s]);
          return cycle.reverse();
        }
        if (to === first) continue;
        const next = to * MODES + graph.reqMode[w];
        if (next >= seen.length) {
          seen = growInt32(seen, next + 1);
          via = growInt32(via, next + 1);
          prev = growInt32(prev, next + 1);
        }
        if (seen[next] === stamp) continue;
        seen[next] = stamp;
        via[next] = edges[i];
        prev[next] = state;
        queue.push(next);
      }
    }
    return undefined;
  }

  return {
    add(v) {
      const modes = graph.heldMode[v] * MODES + graph.reqMode[v];
      const known = ids.find(graph.pair[v], modes);
      if (known >= 0) {
        const key = edgeKey[known];
        return key === undefined ? NO_STEP : { kind: 'again', key };
      }
      const e = ids.idOf(graph.pair[v], modes);
      edgeVariant.push(v);
      edgeKey.push(undefined);
      const cycle = shortestCycle(v);
      (out[graph.from[v]] ??= []).push(e);
      if (cycle === undefined) return NO_STEP;
      cycle.push(e);
      const key = sets.sharedKey([graph.from[v], graph.to[v]]);
      if (key !== undefined) {
        edgeKey[e] = key;
        return { kind: 'more', key };
      }
      pending = cycle;
      return { kind: 'new', variants: cycle.map((x) => edgeVariant[x]) };
    },
    settle(key) {
      for (const e of pending) edgeKey[e] = key;
      sets.merge(pending.map((e) => graph.from[edgeVariant[e]]), key);
      pending = [];
    },
  };
}
