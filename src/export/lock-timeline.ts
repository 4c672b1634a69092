// A trace replayed under one policy into a timeline for viewers (docs/design.md §5, export): per task,
// the locks it held (real and the policy's synthetic ones) as spans on lanes that never overlap
// (hand-over-hand locking does not nest), its waits, its DIOs in flight, its faults as instants.
import { blocks } from '../model/blocks.js';
import { createPolicy } from '../policy/create-policy.js';
import type { LockTarget } from '../model/lock-target.js';
import type { PolicyName, StepSink } from '../policy/policy.js';
import { formatId } from '../report/format-id.js';
import { assertUnreachable } from '../assert.js';
import { fileKey } from '../trace/dev.js';
import type { Batch, LockMode, LockOp, TraceEvent } from '../trace/event.js';

export type SpanKind = 'held' | 'wait' | 'dio';

/** A span of one task's time; `lane` numbers the held-lock or DIO lanes of the task from 0. */
export interface TimelineSpan {
  readonly kind: SpanKind;
  readonly tid: number;
  readonly name: string;
  readonly begin: number;
  end: number;
  readonly lane: number;
  readonly mode?: LockMode;
}

/** A point in one task's time: a fault. */
export interface TimelineInstant { readonly tid: number; readonly ts: number; readonly name: string }

export interface TimelineTask { readonly tid: number; pid: number; comm: string }

/** A lock-order edge: some task requested `to` while holding `from`; `tasks` as "comm/tid". */
export interface OrderEdge {
  readonly from: string;
  readonly to: string;
  readonly fromMode: LockMode;
  readonly toMode: LockMode;
  readonly tasks: Set<string>;
  count: number;
}

export interface Timeline {
  readonly tasks: Map<number, TimelineTask>;
  readonly spans: TimelineSpan[];
  readonly instants: TimelineInstant[];
  /** The lock-order graph: one edge per (from, to, modes), in order of first appearance. */
  readonly edges: Map<string, OrderEdge>;
  /** Timestamps of the first and last event; spans still open at the end close at `last`. */
  first: number;
  last: number;
}

interface Hold { readonly span: TimelineSpan; count: number; readonly mode: LockMode }

interface TaskState {
  readonly holds: Map<number, Hold>;
  readonly lanes: boolean[];
  readonly dioLanes: boolean[];
  readonly dios: TimelineSpan[];
  wait: TimelineSpan | undefined;
}

// The builder: feed it batches in order, then end() it.
export interface TimelineBuilder {
  push(batch: Batch): void;
  end(): Timeline;
}

/** A builder replaying under `policy` (which decides the synthetic locks of DIO, faults, page cache). */
export function createTimelineBuilder(policyName: PolicyName, options: { readonly mmapLock?: boolean } = {}): TimelineBuilder {
  const policy = createPolicy(policyName, { mmapLock: options.mmapLock });
  const timeline: Timeline = { tasks: new Map(), spans: [], instants: [], edges: new Map(), first: 0, last: 0 };
  const states = new Map<number, TaskState>();
  const lockIds = new Map<string, number>();
  const lockNames: string[] = [];
  // Holders of each lock id: tid → mode.
  const holders: Map<number, LockMode>[] = [];
  let now = 0;
  let index = 0;

  function stateOf(tid: number): TaskState {
    let state = states.get(tid);
    if (state === undefined) {
      state = { holds: new Map(), lanes: [], dioLanes: [], dios: [], wait: undefined };
      states.set(tid, state);
    }
    return state;
  }

  function lockId(key: string, name: string): number {
    let id = lockIds.get(key);
    if (id === undefined) {
      id = lockNames.length;
      lockIds.set(key, id);
      lockNames.push(name);
      holders.push(new Map());
    }
    return id;
  }

  function freeLane(lanes: boolean[]): number {
    let lane = lanes.indexOf(false);
    if (lane < 0) lane = lanes.length;
    lanes[lane] = true;
    return lane;
  }

  function acquire(tid: number, lock: number, mode: LockMode, tryLock: boolean): void {
    const state = stateOf(tid);
    if (!tryLock) addEdges(tid, state, lock, mode);
    if (!tryLock && wouldBlock(tid, lock, mode)) {
      const wait: TimelineSpan = { kind: 'wait', tid, name: `wait ${lockNames[lock]} ${mode.toLowerCase()}`, begin: now, end: now, lane: 0 };
      state.wait = wait;
      timeline.spans.push(wait);
    }
    const hold = state.holds.get(lock);
    if (hold !== undefined) {
      hold.count++;
      return;
    }
    const span: TimelineSpan = { kind: 'held', tid, name: `${lockNames[lock]} ${mode.toLowerCase()}`, begin: now, end: now, lane: freeLane(state.lanes), mode };
    timeline.spans.push(span);
    state.holds.set(lock, { span, count: 1, mode });
    holders[lock].set(tid, mode);
  }

  function addEdges(tid: number, state: TaskState, lock: number, mode: LockMode): void {
    for (const [held, hold] of state.holds) {
      if (held === lock) continue;
      const key = `${held} ${hold.mode} ${lock} ${mode}`;
      let edge = timeline.edges.get(key);
      if (edge === undefined) {
        edge = { from: lockNames[held], to: lockNames[lock], fromMode: hold.mode, toMode: mode, tasks: new Set(), count: 0 };
        timeline.edges.set(key, edge);
      }
      edge.count++;
      if (edge.tasks.size < 8) edge.tasks.add(`${timeline.tasks.get(tid)?.comm || '?'}/${tid}`);
    }
  }

  function release(tid: number, lock: number): void {
    const state = stateOf(tid);
    const hold = state.holds.get(lock);
    if (hold === undefined) return;
    if (--hold.count > 0) return;
    closeHold(state, lock, hold);
  }

  function closeHold(state: TaskState, lock: number, hold: Hold): void {
    hold.span.end = now;
    state.lanes[hold.span.lane] = false;
    state.holds.delete(lock);
    holders[lock].delete(hold.span.tid);
  }

  function wouldBlock(tid: number, lock: number, mode: LockMode): boolean {
    for (const [holder, held] of holders[lock]) if (holder !== tid && blocks(mode, held)) return true;
    return false;
  }

  const sink: StepSink = {
    lockId: (target: LockTarget) => lockId(`s\0${target.cls}\0${target.lock}`, `${target.cls}(${target.lock})`),
    acquire,
    release,
    wouldBlock,
    hazard: () => undefined,
  };

  function realLock(op: LockOp): number {
    const id = formatId(String(op.lock));
    const name = op.name !== undefined && op.name !== '' ? op.name : op.cls === '' || op.cls === String(op.lock) ? id : `${op.cls}(${id})`;
    return lockId(`l\0${op.lock}`, name);
  }

  // The task's wait ends at its next event: the trace shows it went on.
  function enter(event: TraceEvent): TaskState {
    let task = timeline.tasks.get(event.tid);
    if (task === undefined) {
      task = { tid: event.tid, pid: event.pid, comm: event.comm ?? '' };
      timeline.tasks.set(event.tid, task);
    } else if (event.comm !== undefined && event.comm !== '') task.comm = event.comm;
    const state = stateOf(event.tid);
    if (state.wait !== undefined) {
      state.wait.end = now;
      state.wait = undefined;
    }
    return state;
  }

  function step(event: TraceEvent): void {
    const state = enter(event);
    switch (event.kind) {
      case 'task':
        if (event.task.comm !== '') timeline.tasks.get(event.tid)!.comm = event.task.comm;
        return;
      case 'exit':
        for (const [lock, hold] of [...state.holds]) closeHold(state, lock, hold);
        return;
      case 'lock': {
        const op = event.lock;
        switch (op.op) {
          case 'ACQUIRE': acquire(event.tid, realLock(op), op.mode, op.try); return;
          case 'RELEASE': release(event.tid, realLock(op)); return;
          // A failed request's hold ends (docs/design.md §4); INIT/DESTROY hold nothing.
          case 'FAILED': release(event.tid, realLock(op)); return;
          case 'TRY_FAILED': case 'INIT': case 'DESTROY': return;
          default: assertUnreachable(op.op);
        }
        return;
      }
      case 'dioBegin': {
        const d = event.dioBegin;
        const span: TimelineSpan = {
          kind: 'dio', tid: event.tid, name: `dio ${d.write ? 'write' : 'read'} ${fileKey(d.dev, d.ino)} pos ${d.pos} len ${d.len}`,
          begin: now, end: now, lane: freeLane(state.dioLanes),
        };
        timeline.spans.push(span);
        state.dios.push(span);
        policy.apply(event, index, sink);
        return;
      }
      case 'dioEnd': {
        const prefix = ` ${fileKey(event.dioEnd.dev, event.dioEnd.ino)} `;
        const at = state.dios.findIndex((s) => s.name.includes(prefix));
        if (at >= 0) {
          const [span] = state.dios.splice(at, 1);
          span.end = now;
          state.dioLanes[span.lane] = false;
        }
        policy.apply(event, index, sink);
        return;
      }
      case 'fault': {
        const f = event.fault;
        const where = f.source === 'FILE' ? `${fileKey(f.dev, f.ino)} index ${f.index}` : `0x${f.address.toString(16)}`;
        timeline.instants.push({ tid: event.tid, ts: now, name: `fault ${f.source.toLowerCase()} ${where}${f.write ? ' write' : ''}` });
        policy.apply(event, index, sink);
        return;
      }
      case 'join': case 'lost':
        return;
      case 'contention': case 'mmapLock': case 'dioInvalidateFail': case 'pagecache': case 'fileOp': case 'mapping':
        policy.apply(event, index, sink);
        return;
      default:
        assertUnreachable(event);
    }
  }

  return {
    push(batch) {
      for (const event of batch) {
        now = event.ts;
        if (index === 0) timeline.first = now;
        timeline.last = now;
        step(event);
        index++;
      }
    },
    end() {
      now = timeline.last;
      for (const state of states.values()) {
        for (const [lock, hold] of [...state.holds]) closeHold(state, lock, hold);
        for (const span of state.dios) span.end = now;
        if (state.wait !== undefined) state.wait.end = now;
      }
      return timeline;
    },
  };
}

