// The engine's state for a dashboard: live tasks with what they hold and wait for, and counters.
import type { LockState } from '../model/lock-state.js';
import { modeName } from '../model/mode-code.js';
import { NONE } from '../model/task-slot.js';
import type { Finding } from '../detect/finding.js';
import type { LockMode } from '../trace/event.js';

export interface SnapshotLock { readonly lock: string; readonly cls: string; readonly mode: LockMode }

export interface SnapshotTask {
  readonly tid: number;
  readonly comm?: string;
  readonly held: readonly SnapshotLock[];
  readonly waitingFor?: SnapshotLock;
}

export interface EngineSnapshot {
  /** Events consumed so far. */
  readonly events: number;
  /** ts of the last event (ns, trace clock); 0 before any. */
  readonly ts: number;
  /** Events the collector reported lost. */
  readonly lost: number;
  /** Tasks alive in the model, in order of first sight. */
  readonly tasks: readonly SnapshotTask[];
  /** Lock instances seen. */
  readonly locks: number;
  /** Distinct lock-order dependencies (from, to) recorded. */
  readonly edges: number;
  /** Distinct cycles found (wait-cycle and order-inversion findings). */
  readonly cycles: number;
  /** Distinct findings. */
  readonly findings: number;
}

export interface SnapshotCounters { readonly events: number; readonly ts: number; readonly lost: number; readonly edges: number }

// Built on demand (allocates); never on the replay path.
export function buildSnapshot(state: LockState, findings: readonly Finding[], counters: SnapshotCounters): EngineSnapshot {
  const { locks } = state;
  const lockOf = (instance: number, mode: number): SnapshotLock =>
    ({ lock: locks.lockName(instance), cls: locks.cls(instance), mode: modeName(mode) });
  const tasks: SnapshotTask[] = state.tasks.all.filter((t) => t.alive).map((t) => {
    const held = t.heldInstance.map((instance, i) => lockOf(instance, t.heldMode[i]));
    const task: SnapshotTask = t.comm === undefined ? { tid: t.tid, held } : { tid: t.tid, comm: t.comm, held };
    return t.waitInstance === NONE ? task : { ...task, waitingFor: lockOf(t.waitInstance, t.waitMode) };
  });
  return {
    ...counters,
    tasks,
    locks: locks.size,
    cycles: findings.filter((f) => f.kind === 'wait-cycle' || f.kind === 'order-inversion').length,
    findings: findings.length,
  };
}
