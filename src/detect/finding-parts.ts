// Builders of a finding's parts from the model; used only when a finding is made, never per event.
import type { LockTable } from '../model/lock-table.js';
import { modeName } from '../model/mode-code.js';
import type { TaskSlot } from '../model/task-slot.js';
import type { Finding, FindingEdge, FindingEvent, FindingLock, FindingTask } from './finding.js';
import type { DetectContext } from './detect-context.js';

/** A lock instance in a mode (code), as a finding names it. */
export function findingLock(locks: LockTable, instance: number, mode: number): FindingLock {
  const name = locks.symbol(instance);
  const lock = { lock: locks.lockName(instance), cls: locks.cls(instance), mode: modeName(mode) };
  return name === undefined ? lock : { ...lock, name };
}

/** An event of the input; `stack` only when the trace carries one. */
export function findingEvent(index: number, ts: number, tid: number, stack: readonly bigint[] | undefined): FindingEvent {
  return stack === undefined ? { index, ts, tid } : { index, ts, tid, stack };
}

export function findingTask(task: TaskSlot): FindingTask {
  return task.comm === undefined ? { tid: task.tid } : { tid: task.tid, comm: task.comm };
}

/** The edges' tasks, each once, in edge order. */
export function edgeTasks(edges: readonly FindingEdge[]): FindingTask[] {
  const out: FindingTask[] = [];
  for (const edge of edges) if (!out.some((t) => t.tid === edge.task.tid)) out.push(edge.task);
  return out;
}

/** The given events sorted by index, each index once. */
export function uniqueEvents(events: readonly FindingEvent[]): FindingEvent[] {
  const sorted = [...events].sort((a, b) => a.index - b.index);
  return sorted.filter((e, i) => i === 0 || sorted[i - 1].index !== e.index);
}

/** The events that made the edges (held-at and requested-at), sorted and unique. */
export function edgeEvents(edges: readonly FindingEdge[]): FindingEvent[] {
  return uniqueEvents(edges.flatMap((e) => [e.heldAt, e.requestedAt]));
}

/** A finding made of a cycle of edges (wait-cycle, order-inversion): locks held on each edge. */
export function cycleFinding(ctx: DetectContext, kind: 'wait-cycle' | 'order-inversion', edges: readonly FindingEdge[], key: string): Finding {
  return {
    kind,
    policy: ctx.policy,
    semantics: ctx.semantics,
    locks: edges.map((e) => e.held),
    tasks: edgeTasks(edges),
    events: edgeEvents(edges),
    edges,
    key,
    count: 1,
  };
}
