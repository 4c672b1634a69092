// Cycle search in the lock-order graph, run only when a new edge variant appears inside a strongly
// connected set of locks (lock-order.ts): a bounded
// depth-first search for a path back from the new edge's `to` to its `from` (incremental, never
// a whole-graph rescan). At every lock on the cycle, blocks(mode requested by the incoming edge,
// mode held on the outgoing edge) must hold (lockdep's strong path, kernel/locking/lockdep.c).
// Thread-aware (predictive) cycles also need pairwise distinct tasks that fork/join lets run
// concurrently, and no gate lock held EXCLUSIVE by all of them.
import { blocksCode } from '../model/blocks.js';
import { NONE } from '../model/task-slot.js';
import { concurrent } from '../model/vector-clock.js';
import type { OrderGraph } from './order-graph.js';

/** Most locks on a reported cycle (predictive semantics; a search cut by it is counted). */
export const MAX_CYCLE_LOCKS = 8;
/** Most variants a single search visits before it gives up (keeps a search bounded). */
export const SEARCH_BUDGET = 20_000;

/**
 * `onCycle` gets the cycle as variant ids in cycle order, the new variant last; the array is
 * reused, copy what you keep.
 */
export type CycleSearch = (variant: number, onCycle: (cycle: readonly number[]) => void) => void;

/** `onStop` is called once per search cut at MAX_CYCLE_LOCKS or SEARCH_BUDGET. */
export function createCycleSearch(graph: OrderGraph, threadAware: boolean, onStop: () => void = () => undefined): CycleSearch {
  const path: number[] = [];
  const onPath: number[] = [];
  let stamp = 0;
  let budget = 0;
  // The cheap test before the search (lock-order.ts): a variant closes a cycle only when its
  // pair's `to` reaches its `from`, in one strongly connected set, and the cycle stays in it.
  let cut = false;
  function mayClose(variant: number): boolean {
    return graph.order.together(graph.from(variant), graph.to(variant));
  }

  // Can variant v join the cycle: a task of its own, concurrent with every edge so far and `first`?
  function compatible(v: number, first: number): boolean {
    if (!threadAware) return true;
    const task = graph.task(v);
    const clock = graph.clock(v);
    for (let i = -1; i < path.length; i++) {
      const other = i < 0 ? first : path[i];
      const otherTask = graph.task(other);
      if (otherTask === task || !concurrent(task, clock, otherTask, graph.clock(other))) return false;
    }
    return true;
  }

  // True when one gate is held EXCLUSIVE by every edge of path + [first].
  function commonGate(first: number): boolean {
    const count = graph.gateCount(first);
    for (let c = 0; c < count; c++) {
      const gate = graph.gateAt(first, c);
      let all = true;
      for (let i = 0; i < path.length && all; i++) all = graph.hasGate(path[i], gate);
      if (all) return true;
    }
    return false;
  }

  // `target` is the lock `first` comes from, where the cycle closes.
  function walk(first: number, target: number, lock: number, incoming: number, onCycle: (cycle: readonly number[]) => void): void {
    for (let pair = graph.firstOut(lock); pair !== NONE; pair = graph.nextOut(pair)) {
      const to = graph.pairTo(pair);
      const closes = to === target;
      // Locks on the cycle: path + this edge's lock + (closing ? 0 : at least one more), plus `first`.
      if (!closes && (onPath[to] === stamp || !graph.order.together(to, target))) continue;
      if (!closes && path.length + 3 > MAX_CYCLE_LOCKS) {
        cut = true;
        continue;
      }
      for (let v = graph.firstVariant(pair); v !== NONE; v = graph.nextVariant(v)) {
        if (--budget < 0) {
          cut = true;
          return;
        }
        if (!blocksCode(incoming, graph.heldMode(v)) || !compatible(v, first)) continue;
        path.push(v);
        if (closes) {
          if (blocksCode(graph.reqMode(v), graph.heldMode(first)) && !(threadAware && commonGate(first))) {
            path.push(first);
            onCycle(path);
            path.pop();
          }
        } else {
          while (onPath.length <= to) onPath.push(0);
          onPath[to] = stamp;
          walk(first, target, to, graph.reqMode(v), onCycle);
          onPath[to] = 0;
        }
        path.pop();
      }
    }
  }

  return (variant, onCycle) => {
    if (!mayClose(variant)) return;
    stamp += 1;
    budget = SEARCH_BUDGET;
    cut = false;
    path.length = 0;
    const start = graph.to(variant);
    while (onPath.length <= start) onPath.push(0);
    onPath[start] = stamp;
    walk(variant, graph.from(variant), start, graph.reqMode(variant), onCycle);
    onPath[start] = 0;
    if (cut) onStop();
  };
}
