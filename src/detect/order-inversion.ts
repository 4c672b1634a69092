// Lock-order inversion (docs/design.md §4): each non-try request records an edge from every lock the
// task holds to the requested one; a new edge variant that closes a cycle (cycle-search.ts) is
// reported as lockdep's "possible circular locking dependency". A cycle whose key is already
// known counts once more per new variant that closes it.
import { modeName } from '../model/mode-code.js';
import { NONE, type TaskSlot } from '../model/task-slot.js';
import { createCycleSearch } from './cycle-search.js';
import { cycleKey, keyStep } from './cycle-key.js';
import type { DetectContext } from './detect-context.js';
import type { FindingEdge } from './finding.js';
import { cycleFinding, findingEvent, findingLock, findingTask } from './finding-parts.js';
import { createOrderGraph, type OrderGraph } from './order-graph.js';
import { createRequestMemo } from './request-memo.js';

export interface OrderInversionDetector {
  readonly graph: OrderGraph;
  /** Record `task`'s request of `instance` in `mode` (code) at the cursor; search new variants. */
  request(task: TaskSlot, instance: number, mode: number): void;
}

export function createOrderInversionDetector(ctx: DetectContext): OrderInversionDetector {
  const threadAware = ctx.semantics === 'predictive';
  const graph = createOrderGraph(threadAware);
  const search = createCycleSearch(graph, threadAware);
  const memo = createRequestMemo();
  const { state, cursor } = ctx;
  let keysThisSearch: Set<string> | undefined;

  function edgeOf(v: number): FindingEdge {
    const task = state.tasks.at(graph.task[v]);
    return {
      task: findingTask(task),
      held: findingLock(state.locks, graph.fromInstance[v], graph.heldMode[v]),
      heldAt: findingEvent(graph.heldIndex[v], graph.heldTs[v], task.tid, graph.heldStack[v]),
      requested: findingLock(state.locks, graph.toInstance[v], graph.reqMode[v]),
      requestedAt: findingEvent(graph.reqIndex[v], graph.reqTs[v], task.tid, graph.reqStack[v]),
    };
  }

  function onCycle(cycle: readonly number[]): void {
    const key = cycleKey('order-inversion', cycle.map((v) =>
      keyStep(state.locks.classLabel(graph.fromInstance[v]), modeName(graph.heldMode[v]))));
    keysThisSearch ??= new Set();
    if (keysThisSearch.has(key)) return;
    keysThisSearch.add(key);
    if (ctx.log.bump(key)) return;
    const edges = cycle.map(edgeOf);
    ctx.log.add(cycleFinding(ctx, 'order-inversion', edges, key));
  }

  return {
    graph,
    request(task, instance, mode) {
      if (task.heldKey.length === 0) return;
      const toKey = state.locks.keyOf(instance);
      if (memo.seen(task, toKey, mode)) return;
      // A held lock of the requested key is AA (aa.ts), not an order.
      for (let i = 0; i < task.heldKey.length; i++) {
        if (task.heldKey[i] === toKey) continue;
        const v = graph.record(task, i, toKey, instance, mode, cursor.index, cursor.ts, cursor.stack);
        if (v === NONE) continue;
        keysThisSearch = undefined;
        search(v, onCycle);
      }
    },
  };
}
