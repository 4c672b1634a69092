// A StepSink that records what a policy asks for, as readable lines, and answers `wouldBlock`
// from the holders it tracks (docs/design.md §4 `blocks()`). Every request is granted at once (the trace
// shows it completed); a request that would have waited is marked "(waits)".
import type { LockMode } from '../../src/trace/event.js';
import type { Hazard } from '../../src/model/hazard.js';
import type { LockTarget } from '../../src/model/lock-target.js';
import type { Policy, StepSink } from '../../src/policy/policy.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { fileKey } from '../../src/trace/dev.js';
import { FILE_ALIASES } from './policy-events.js';

export type RecordedStep =
  | { readonly kind: 'acquire'; readonly tid: number; readonly lock: number; readonly mode: LockMode; readonly tryLock: boolean; readonly waits: boolean }
  | { readonly kind: 'release'; readonly tid: number; readonly lock: number; readonly held: boolean }
  | { readonly kind: 'hazard'; readonly hazard: Hazard; readonly index: number };

export interface RecordingSink extends StepSink {
  readonly steps: RecordedStep[];
  /** Interned targets, by id. */
  readonly targets: LockTarget[];
  /** Index of the event being applied (set by `runPolicy`); hazards record it. */
  index: number;
  /** How many times `lockId` was called. */
  readonly lockIdCalls: number;
  /** The steps as lines: "T1 +pagecache(A) BLOCK", "T1 -pagecache(A)", "T1 hazard A by T1@0: …". */
  lines(): string[];
}

/** The docs/design.md §4 rule: can a request in `requested` mode wait on a holder in `held` mode? */
export function blocks(requested: LockMode, held: LockMode): boolean {
  if (requested === 'EXCLUSIVE' || held === 'EXCLUSIVE') return true;
  if (requested === 'SHARED' && held === 'SHARED') return true;
  return (requested === 'ADD' && held === 'BLOCK') || (requested === 'BLOCK' && held === 'ADD');
}

interface Hold { readonly tid: number; readonly mode: LockMode }

export function createRecordingSink(aliases: ReadonlyMap<string, string> = FILE_ALIASES): RecordingSink {
  const steps: RecordedStep[] = [];
  const targets: LockTarget[] = [];
  const ids = new Map<string, number>();
  const holders = new Map<number, Hold[]>();
  let lockIdCalls = 0;

  function holdsOf(lock: number): Hold[] {
    let list = holders.get(lock);
    if (list === undefined) {
      list = [];
      holders.set(lock, list);
    }
    return list;
  }

  function wouldBlock(tid: number, lock: number, mode: LockMode): boolean {
    return holdsOf(lock).some((h) => h.tid !== tid && blocks(mode, h.mode));
  }

  function name(lock: number): string {
    const t = targets[lock];
    return `${t.cls}(${aliases.get(t.lock) ?? t.lock})`;
  }

  function line(step: RecordedStep): string {
    switch (step.kind) {
      case 'acquire':
        return `T${step.tid} +${name(step.lock)} ${step.mode}${step.tryLock ? ' try' : ''}${step.waits ? ' (waits)' : ''}`;
      case 'release':
        return `T${step.tid} -${name(step.lock)}${step.held ? '' : ' NOT HELD'}`;
      case 'hazard': {
        const h = step.hazard;
        const key = fileKey(h.dev, h.ino);
        const file = aliases.get(key) ?? key;
        return `T${h.tid} hazard ${file} by T${h.dioTid}@${h.dioEventIndex}: ${h.reason}`;
      }
    }
  }

  const sink: RecordingSink = {
    index: 0,
    steps,
    targets,
    get lockIdCalls() {
      return lockIdCalls;
    },
    lockId(target) {
      lockIdCalls++;
      const key = `${target.cls}\0${target.lock}\0${target.subclass}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = targets.length;
        targets.push(target);
        ids.set(key, id);
      }
      return id;
    },
    acquire(tid, lock, mode, tryLock) {
      steps.push({ kind: 'acquire', tid, lock, mode, tryLock, waits: !tryLock && wouldBlock(tid, lock, mode) });
      holdsOf(lock).push({ tid, mode });
    },
    release(tid, lock) {
      const list = holdsOf(lock);
      const at = list.map((h) => h.tid).lastIndexOf(tid);
      if (at >= 0) list.splice(at, 1);
      steps.push({ kind: 'release', tid, lock, held: at >= 0 });
    },
    wouldBlock,
    hazard(h) {
      steps.push({ kind: 'hazard', hazard: h, index: sink.index });
    },
    lines() {
      return steps.map(line);
    },
  };
  return sink;
}

/** Feeds `events` to `policy` in order (indexes from `firstIndex`); returns the sink. */
export function runPolicy(policy: Policy, events: readonly TraceEvent[], sink: RecordingSink = createRecordingSink(), firstIndex = 0): RecordingSink {
  events.forEach((e, i) => {
    sink.index = firstIndex + i;
    policy.apply(e, firstIndex + i, sink);
  });
  return sink;
}
