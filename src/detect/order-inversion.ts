// Lock-order inversion (docs/design.md §4): each non-try request records an edge from every lock the
// task holds to the requested one (past MAX_ORDER_DEPTH held locks, from the last taken only); a
// new edge variant that closes a cycle is reported as lockdep's "possible circular locking
// dependency".
// - instance and lockdep semantics: cycles of any length, grouped by strongly connected set of
//   locks (cycle-groups.ts); under instance semantics each finding is qualified by the
//   thread-aware analysis (cycle-qualifier.ts), and upgraded when a later variant qualifies better.
// - predictive semantics: the bounded thread-aware search (cycle-search.ts); only feasible
//   cycles are found, grouped by set of locks as well.
// A cycle whose key is already known counts once more per new variant that closes it.
import { modeName } from '../model/mode-code.js';
import { NONE, type TaskSlot } from '../model/task-slot.js';
import { createCycleGroups } from './cycle-groups.js';
import { qualifyCycle, type CycleQualified } from './cycle-qualifier.js';
import { createCycleSearch } from './cycle-search.js';
import { createLockSets } from './lock-sets.js';
import { cycleKey, keyStep } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { Finding, FindingEdge, Qualification } from './finding.js';
import { cycleFinding, findingEvent, findingLock, findingTask } from './finding-parts.js';
import { createOrderGraph, firstOrderedHeld, type OrderGraph } from './order-graph.js';
import { createRequestMemo } from './request-memo.js';

export interface OrderInversionDetector {
  readonly graph: OrderGraph;
  /** Record `task`'s request of `instance` in `mode` (code) at the cursor; search new variants. */
  request(task: TaskSlot, instance: number, mode: number): void;
  /** Searches cut at their bound so far (predictive length/budget, instance qualification budget). */
  searchStops(): number;
  /** Requests made holding more than MAX_ORDER_DEPTH locks so far. */
  deepRequests(): number;
}

const RANK: Readonly<Record<Qualification, number>> = { 'same-task': 0, 'fork-join-ordered': 1, 'gate-lock': 2, feasible: 3 };

export function createOrderInversionDetector(ctx: DetectContext): OrderInversionDetector {
  const threadAware = ctx.semantics !== 'lockdep';
  const graph = createOrderGraph(threadAware);
  const { state, cursor } = ctx;
  let stops = 0;
  let deep = 0;
  const memo = createRequestMemo();

  function edgeOf(v: number): FindingEdge {
    const task = state.tasks.at(graph.task(v));
    return {
      task: findingTask(task),
      held: findingLock(state.locks, graph.fromInstance(v), graph.heldMode(v)),
      heldAt: findingEvent(graph.heldIndex(v), graph.heldTs(v), task.tid, graph.heldStack(v)),
      requested: findingLock(state.locks, graph.toInstance(v), graph.reqMode(v)),
      requestedAt: findingEvent(graph.reqIndex(v), graph.reqTs(v), task.tid, graph.reqStack(v)),
    };
  }

  function keyOf(cycle: readonly number[]): string {
    return cycleKey('order-inversion', cycle.map((v) =>
      keyStep(state.locks.classLabel(graph.fromInstance(v)), modeName(graph.heldMode(v)))));
  }

  const onVariant = ctx.semantics === 'predictive' ? predictive() : grouped();

  // The bounded thread-aware search: a distinct cycle is a finding unless all its locks are in
  // the set of an earlier finding (lock-sets.ts): then it is one of that finding's moreCycles.
  function predictive(): (v: number) => void {
    const search = createCycleSearch(graph, true, () => { stops += 1; });
    const sets = createLockSets();
    let keysThisSearch: Set<string> | undefined;
    const onCycle = (cycle: readonly number[]): void => {
      const key = keyOf(cycle);
      keysThisSearch ??= new Set();
      if (keysThisSearch.has(key)) return;
      keysThisSearch.add(key);
      if (ctx.log.bump(key)) return;
      const locks = cycle.map((v) => graph.from(v));
      const shared = sets.sharedKey(locks);
      if (shared !== undefined) {
        ctx.log.update(shared, (f) => ({ ...f, moreCycles: (f.moreCycles ?? 0) + 1 }));
        return;
      }
      ctx.log.add(cycleFinding(ctx, 'order-inversion', cycle.map(edgeOf), key));
      sets.merge(locks, key);
    };
    return (v) => {
      keysThisSearch = undefined;
      search(v, onCycle);
    };
  }

  // Cycles of any length, grouped; qualified under instance semantics.
  function grouped(): (v: number) => void {
    const groups = createCycleGroups(graph);
    const qualify = ctx.semantics === 'instance';
    // Findings not yet feasible: their steps, and the keys by the pairs of their cycles.
    const steps = new Map<string, readonly number[]>();
    const byPair = new Map<number, string[]>();

    const rank = new Map<string, number>();

    // `found` with the witness and qualification of `q` (a gate only with gate-lock).
    function qualified(found: Finding, q: CycleQualified): Finding {
      if (q.stopped) stops += 1;
      rank.set(found.key, RANK[q.qualification]);
      const cycle = cycleFinding(ctx, 'order-inversion', q.variants.map(edgeOf), found.key);
      const out: Finding = {
        ...cycle,
        qualification: q.qualification,
        ...(found.moreCycles === undefined ? {} : { moreCycles: found.moreCycles }),
      };
      return q.gate === undefined ? out : { ...out, gate: { cls: state.locks.cls(q.gate), lock: state.locks.lockName(q.gate) } };
    }

    function watch(key: string, cycle: readonly number[]): void {
      steps.set(key, cycle);
      for (const v of cycle) {
        const keys = byPair.get(graph.pair(v));
        if (keys === undefined) byPair.set(graph.pair(v), [key]);
        else if (!keys.includes(key)) keys.push(key);
      }
    }

    // A new variant on a pair of a finding that is not feasible: qualify that finding again.
    function requalify(v: number): void {
      const keys = byPair.get(graph.pair(v));
      if (keys === undefined) return;
      for (const key of [...keys]) {
        const cycle = steps.get(key);
        if (cycle === undefined) continue;
        const q = qualifyCycle(graph, cycle);
        if (RANK[q.qualification] <= (rank.get(key) ?? 0)) continue;
        ctx.log.update(key, (f) => qualified(f, q));
        if (q.qualification === 'feasible') steps.delete(key);
      }
    }

    return (v) => {
      const step = groups.add(v);
      switch (step.kind) {
        case 'none': break;
        case 'more':
          ctx.log.update(step.key, (f) => ({ ...f, moreCycles: (f.moreCycles ?? 0) + 1 }));
          break;
        case 'again':
          ctx.log.bump(step.key);
          break;
        case 'new': {
          const key = keyOf(step.variants);
          groups.settle(key);
          if (ctx.log.bump(key)) break;
          const found = cycleFinding(ctx, 'order-inversion', step.variants.map(edgeOf), key);
          if (!qualify) {
            ctx.log.add(found);
            break;
          }
          const q = qualifyCycle(graph, step.variants);
          ctx.log.add(qualified(found, q));
          if (q.qualification !== 'feasible') watch(key, step.variants);
          return;
        }
        default: break;
      }
      if (qualify && step.kind !== 'new') requalify(v);
    };
  }

  return {
    graph,
    request(task, instance, mode) {
      if (task.heldKey.length === 0) return;
      const toKey = state.locks.keyOf(instance);
      if (memo.seen(task, toKey, mode)) return;
      const first = firstOrderedHeld(task);
      if (first > 0) deep += 1;
      // A held lock of the requested key is AA (aa.ts), not an order.
      for (let i = first; i < task.heldKey.length; i++) {
        if (task.heldKey[i] === toKey) continue;
        const v = graph.record(task, i, toKey, instance, mode, cursor.index, cursor.ts, cursor.stack);
        if (v === NONE) continue;
        onVariant(v);
      }
    },
    searchStops: () => stops,
    deepRequests: () => deep,
  };
}
