// The qualification of a cycle found on instances (instance semantics; docs/design.md §4): can it
// deadlock in this run, and if not, why. Each step of the cycle may be made by any variant of
// its (from, to, held mode, requested mode); the thread-aware analysis looks for an assignment of
// variants that
// - `feasible`: are pairwise of distinct tasks that fork/join lets run concurrently, with no gate
//   lock held EXCLUSIVE by all of them (what `predictive` semantics reports);
// - `gate-lock`: would be feasible but for a common gate (named);
// - `fork-join-ordered`: are of distinct tasks, but every such assignment is ordered by fork/join;
// - `same-task`: otherwise (every assignment needs one task twice).
// The search is bounded (QUALIFY_BUDGET variants tried); when it runs out, the best qualification
// found so far stands and the stop is counted.
import { NONE } from '../model/task-slot.js';
import { concurrent } from '../model/vector-clock.js';
import type { Qualification } from './finding.js';
import type { OrderGraph } from './order-graph.js';

/** Most variants one qualification tries. */
export const QUALIFY_BUDGET = 50_000;

export interface CycleQualified {
  readonly qualification: Qualification;
  /** The variants that make the cycle, one per step, in the cycle's order. */
  readonly variants: readonly number[];
  /** With gate-lock: the gate's detector key. */
  readonly gate?: number;
  /** True when the search ran out of budget. */
  readonly stopped: boolean;
}

/** Qualify the cycle whose steps are `steps` (a variant per step; its pair and modes are the step). */
export function qualifyCycle(graph: OrderGraph, steps: readonly number[]): CycleQualified {
  const candidates = steps.map((s) => {
    const alike: number[] = [];
    for (let v = graph.firstVariant(graph.pair(s)); v !== NONE; v = graph.nextVariant(v)) {
      if (graph.heldMode(v) === graph.heldMode(s) && graph.reqMode(v) === graph.reqMode(s)) alike.push(v);
    }
    return alike;
  });
  const path: number[] = [];
  let budget = QUALIFY_BUDGET;
  let gated: { variants: number[]; gate: number } | undefined;

  function distinctTasks(v: number): boolean {
    for (const w of path) if (graph.task(w) === graph.task(v)) return false;
    return true;
  }

  function concurrentWithPath(v: number): boolean {
    for (const w of path) if (!concurrent(graph.task(v), graph.clock(v), graph.task(w), graph.clock(w))) return false;
    return true;
  }

  // A gate held EXCLUSIVE by every variant of the path, or undefined.
  function commonGate(): number | undefined {
    const count = graph.gateCount(path[0]);
    for (let i = 0; i < count; i++) {
      const gate = graph.gateAt(path[0], i);
      if (path.every((w) => graph.hasGate(w, gate))) return gate;
    }
    return undefined;
  }

  // Depth-first over the steps; true stops the search (`accept` said the assignment will do).
  function search(threadAware: boolean, accept: () => boolean): boolean {
    if (path.length === steps.length) return accept();
    for (const v of candidates[path.length]) {
      if (--budget < 0) return false;
      if (!distinctTasks(v) || (threadAware && !concurrentWithPath(v))) continue;
      path.push(v);
      const done = search(threadAware, accept);
      path.pop();
      if (done) return true;
    }
    return false;
  }

  let found: number[] | undefined;
  const feasible = search(true, () => {
    const gate = commonGate();
    if (gate === undefined) {
      found = [...path];
      return true;
    }
    gated ??= { variants: [...path], gate };
    return false;
  });
  if (feasible && found !== undefined) return { qualification: 'feasible', variants: found, stopped: false };
  if (gated !== undefined) return { qualification: 'gate-lock', variants: gated.variants, gate: gated.gate, stopped: budget < 0 };
  const stopped = budget < 0;
  budget = QUALIFY_BUDGET;
  if (search(false, () => { found = [...path]; return true; }) && found !== undefined) {
    return { qualification: 'fork-join-ordered', variants: found, stopped };
  }
  return { qualification: 'same-task', variants: steps, stopped: stopped || budget < 0 };
}
