// Builders of findings, inputs and events for the report tests: findings are built by hand, the
// way the detectors fill them (docs/design.md §4), so the reports are tested apart from detection.
import type { Finding, FindingEdge, FindingEvent, FindingKind, FindingLock, FindingTask, Semantics } from '../../src/detect/finding.js';
import { makeDev } from '../../src/trace/dev.js';
import type { EventBody, LockMode, TraceEvent } from '../../src/trace/event.js';
import type { InputInfo } from '../../src/trace/input.js';

export const DEV = makeDev(254, 0);

/** A synthetic page-cache lock of file (254:0, ino). */
export function pagecache(ino: number, mode: LockMode): FindingLock {
  return { lock: `254:0:${ino}`, cls: 'pagecache', mode };
}

/** A traced lock: `id` a decimal uint64, `name` its symbol. */
export function userLock(id: bigint, mode: LockMode, name?: string, cls = ''): FindingLock {
  return name === undefined ? { lock: id.toString(), cls, mode } : { lock: id.toString(), cls, mode, name };
}

export function at(index: number, tid: number, stack?: readonly bigint[]): FindingEvent {
  return { index, ts: 1_000_000_000 + index * 1000, tid, ...(stack ? { stack } : {}) };
}

/** One step of a cycle: `task` holds `held` (taken at event `heldAt`), requests `requested` at `requestedAt`. */
export interface Step {
  readonly task: FindingTask;
  readonly held: FindingLock;
  readonly heldAt: number;
  readonly requested: FindingLock;
  readonly requestedAt: number;
  readonly stack?: readonly bigint[];
}

export function finding(kind: FindingKind, steps: readonly Step[], extra: Partial<Finding> = {}): Finding {
  const edges: FindingEdge[] = steps.map((s) => ({
    task: s.task,
    held: s.held,
    heldAt: at(s.heldAt, s.task.tid, s.stack),
    requested: s.requested,
    requestedAt: at(s.requestedAt, s.task.tid, s.stack),
  }));
  const tasks = [...new Map(steps.map((s) => [s.task.tid, s.task])).values()];
  const events = edges.flatMap((e) => [e.heldAt, e.requestedAt]).sort((a, b) => a.index - b.index);
  return {
    kind,
    policy: 'naive',
    semantics: 'predictive',
    locks: kind === 'aa' ? [steps[0].held, steps[0].requested] : steps.map((s) => s.held),
    tasks,
    events,
    edges,
    key: steps.map((s) => `${s.held.cls}:${s.held.mode}`).join('>'),
    count: 1,
    ...extra,
  };
}

export const S1: FindingTask = { tid: 100, comm: 's1' };
export const T1: FindingTask = { tid: 101, comm: 't1' };
export const T2: FindingTask = { tid: 102, comm: 't2' };
export const T3: FindingTask = { tid: 103 };

/** S1: a DIO write holds BLOCK(12) and faults on the same file: ADD(12). */
export function aaFinding(extra: Partial<Finding> = {}): Finding {
  return finding('aa', [{ task: S1, held: pagecache(12, 'BLOCK'), heldAt: 1, requested: pagecache(12, 'ADD'), requestedAt: 2 }], extra);
}

/** S2: T1 holds BLOCK(12) and requests ADD(13); T2 holds BLOCK(13) and requests ADD(12). */
export function abbaFinding(kind: 'order-inversion' | 'wait-cycle', extra: Partial<Finding> = {}): Finding {
  const steps: Step[] = kind === 'wait-cycle'
    ? [
        { task: T1, held: pagecache(12, 'BLOCK'), heldAt: 3, requested: pagecache(13, 'ADD'), requestedAt: 5 },
        { task: T2, held: pagecache(13, 'BLOCK'), heldAt: 4, requested: pagecache(12, 'ADD'), requestedAt: 6 },
      ]
    : [
        { task: T1, held: pagecache(12, 'BLOCK'), heldAt: 3, requested: pagecache(13, 'ADD'), requestedAt: 4 },
        { task: T2, held: pagecache(13, 'BLOCK'), heldAt: 7, requested: pagecache(12, 'ADD'), requestedAt: 8 },
      ];
  return finding(kind, steps, extra);
}

/** S3: a ring of three tasks over files 12 → 13 → 14 → 12. */
export function ringFinding(extra: Partial<Finding> = {}): Finding {
  return finding('order-inversion', [
    { task: T1, held: pagecache(12, 'BLOCK'), heldAt: 2, requested: pagecache(13, 'ADD'), requestedAt: 3 },
    { task: T2, held: pagecache(13, 'BLOCK'), heldAt: 5, requested: pagecache(14, 'ADD'), requestedAt: 6 },
    { task: T3, held: pagecache(14, 'BLOCK'), heldAt: 8, requested: pagecache(12, 'ADD'), requestedAt: 9 },
  ], extra);
}

export function badUnlockFinding(extra: Partial<Finding> = {}): Finding {
  return {
    kind: 'bad-unlock', policy: 'naive', semantics: 'predictive',
    locks: [userLock(0xffff888012345678n, 'EXCLUSIVE', 'inode_lock')],
    tasks: [T1], events: [at(11, T1.tid, [0xffffffff81000010n])], edges: [],
    detail: 'release of a lock the task does not hold', key: 'bad-unlock:inode_lock', count: 1, ...extra,
  };
}

export function coherencyFinding(extra: Partial<Finding> = {}): Finding {
  return {
    kind: 'coherency', policy: 'mainline', semantics: 'predictive',
    locks: [pagecache(12, 'ADD')], tasks: [S1], events: [at(1, S1.tid), at(3, S1.tid)], edges: [],
    detail: 'page cache add at index 0 inside the in-flight DIO write [0, 4096) of the same file',
    key: 'coherency:pagecache', count: 1, ...extra,
  };
}

export function inputInfo(extra: Partial<InputInfo> = {}): InputInfo {
  return { path: 'traces/s2.jsonl', format: 'jsonl', events: 42, lost: 0, complete: true, skipped: 0, skippedSamples: [], ...extra };
}

export function report(findings: readonly Finding[], extra: { input?: InputInfo; policy?: string; semantics?: Semantics } = {}) {
  return { findings, input: extra.input ?? inputInfo(), policy: extra.policy ?? 'naive', semantics: extra.semantics ?? 'predictive' };
}

/** A trace event of task `tid` at `ts` ns. */
export function event(ts: number, tid: number, body: EventBody, comm?: string): TraceEvent {
  return { ts, tid, pid: tid, cpu: 1, ...(comm !== undefined ? { comm } : {}), ...body };
}
