// Builders for the dashboard's props: snapshots, tasks, findings as the engine would produce them.
import type { Finding, FindingKind, FindingLock, FindingTask } from '../../src/detect/finding.js';
import type { EngineSnapshot, SnapshotLock, SnapshotTask } from '../../src/replay/engine-snapshot.js';
import type { DashboardProps } from '../../src/ui/dashboard-model.js';
import type { LockMode } from '../../src/trace/event.js';

/** A page-cache lock of inode `ino` on device 254:0. */
export function pagecache(ino: number, mode: LockMode): SnapshotLock {
  return { lock: `254:0:${ino}`, cls: 'pagecache', mode };
}

export function aTask(tid: number, comm: string, held: readonly SnapshotLock[], waitingFor?: SnapshotLock): SnapshotTask {
  return waitingFor === undefined ? { tid, comm, held } : { tid, comm, held, waitingFor };
}

export function aSnapshot(over: Partial<EngineSnapshot> = {}): EngineSnapshot {
  return { events: 0, ts: 0, lost: 0, tasks: [], locks: 0, edges: 0, cycles: 0, findings: 0, ...over };
}

/** A finding of `kind` over `locks` by `tasks` (tid, comm), with one edge event per task. */
export function aFinding(
  kind: FindingKind,
  locks: readonly FindingLock[],
  tasks: readonly FindingTask[],
  policy = 'naive',
): Finding {
  const events = tasks.map((t, i) => ({ index: 100 + i, ts: 1_000_000 + i, tid: t.tid }));
  return {
    kind,
    policy,
    semantics: 'predictive',
    locks,
    tasks,
    events,
    edges: [],
    key: locks.map((l) => `${l.cls}:${l.mode}`).join('>'),
    count: 1,
  };
}

/** The AB/BA of the seed's S2: T1 holds BLOCK(A) and wants ADD(B), T2 the reverse. */
export function abba(a: number, b: number, policy = 'naive'): Finding {
  return aFinding(
    'order-inversion',
    [pagecache(a, 'BLOCK'), pagecache(b, 'ADD')],
    [{ tid: 17242, comm: 'ab' }, { tid: 17243, comm: 'ba' }],
    policy,
  );
}

/** A report text shaped like the text report of `faultline check`, numbered by `index`. */
export function aReport(index: number, lines = 12): string {
  const head = [
    '======================================================',
    `WARNING: possible circular locking dependency detected (finding ${index + 1})`,
    '------------------------------------------------------',
  ];
  const rest = Array.from({ length: Math.max(0, lines - head.length - 1) }, (_, i) => `report line ${i + 1}`);
  return [...head, ...rest, ' *** DEADLOCK ***'].join('\n');
}

export function dashboardProps(over: Partial<DashboardProps> = {}): DashboardProps {
  return {
    source: 'traces/s2-abba.pb',
    policy: 'naive',
    semantics: 'predictive',
    snapshot: aSnapshot(),
    eventsPerSecond: 0,
    history: [],
    findings: [],
    reports: aReport,
    speed: 1,
    paused: false,
    incomplete: false,
    done: false,
    ...over,
  };
}
