// The replay engine: consumes batches of events in input order, drives the lock-state model
// (directly for lock events, through the policy for operation events) and the detectors, and
// collects de-duplicated findings. Free of RxJS: the caller wraps push() in `scan`.
//
// Hot path: a repeated acquire/release of known locks allocates nothing (dense ids, arrays
// reused, the current event kept in cursor fields); allocations happen only for new locks,
// tasks, edge variants and findings.
import { detectAa } from '../detect/aa.js';
import { reportBadUnlock } from '../detect/bad-unlock.js';
import { reportCoherency } from '../detect/coherency.js';
import type { Cursor, DetectContext } from '../detect/detect-context.js';
import type { Finding, Semantics } from '../detect/finding.js';
import { createFindingLog } from '../detect/finding-log.js';
import { createOrderInversionDetector } from '../detect/order-inversion.js';
import { createWaitCycleDetector } from '../detect/wait-cycle.js';
import { createLockState } from '../model/lock-state.js';
import { createLockTable } from '../model/lock-table.js';
import { modeCode, modeName } from '../model/mode-code.js';
import { clearWait, type TaskSlot } from '../model/task-slot.js';
import { fork, join } from '../model/vector-clock.js';
import type { Policy, StepSink } from '../policy/policy.js';
import { assert, assertUnreachable } from '../assert.js';
import { withGetters } from '../with-getters.js';
import { growInt32 } from '../grow-int32.js';
import type { Batch, LockMode, TraceEvent } from '../trace/event.js';
import {
  columnsOf, LOCK_MODE_MASK, LOCK_MODE_SHIFT, LOCK_OP_MASK, LOCK_TRY_BIT, type EventColumns, type IdSpace,
} from '../trace/fast-event-columns.js';
import { buildSnapshot, type EngineSnapshot } from './engine-snapshot.js';

export type { EngineSnapshot } from './engine-snapshot.js';

export interface EngineOptions { readonly policy: Policy; readonly semantics: Semantics }

export interface Engine {
  /** Replay a batch; its events get indices continuing from the previous batch. */
  push(batch: Batch): void;
  /** Events consumed so far. */
  readonly events: number;
  /** De-duplicated, counted, in order of first appearance. */
  findings(): readonly Finding[];
  /** The model's state for a dashboard (allocates; call it per batch, not per event). */
  snapshot(): EngineSnapshot;
}

/** A replay of one trace under one policy and semantics. */
export function createEngine(options: EngineOptions): Engine {
  const { policy, semantics } = options;
  const locks = createLockTable(semantics === 'lockdep');
  const state = createLockState(locks);
  const log = createFindingLog();
  const cursor: Cursor = { index: 0, ts: 0, stack: undefined };
  const ctx: DetectContext = { state, log, policy: policy.name, semantics, cursor };
  const waitCycle = createWaitCycleDetector(ctx);
  const order = createOrderInversionDetector(ctx);
  let events = 0;
  let lost = 0;
  let lastTs = 0;
  // Column batches: the decoder's dense ids mapped to the model's, per input (id space).
  let space: IdSpace | undefined;
  let instanceOfLockId = new Int32Array(0);
  let taskOfTidId: (TaskSlot | undefined)[] = [];

  // A request is decided (AA, would it wait, order edges) and then granted: the trace went on.
  function request(task: TaskSlot, instance: number, mode: number, tryLock: boolean): void {
    if (!tryLock) {
      detectAa(ctx, task, instance, mode);
      if (state.firstBlocker(task, instance, mode) !== undefined) {
        task.waitInstance = instance;
        task.waitMode = mode;
        task.waitIndex = cursor.index;
        task.waitTs = cursor.ts;
        task.waitStack = cursor.stack;
        waitCycle(task);
      }
      order.request(task, instance, mode);
    }
    state.grant(task, instance, mode, cursor.index, cursor.ts, cursor.stack);
  }

  function release(task: TaskSlot, instance: number, mode: LockMode): void {
    if (!state.release(task, instance)) reportBadUnlock(ctx, task, instance, mode);
  }

  function checkedLock(lock: number): number {
    assert(Number.isInteger(lock) && lock >= 0 && lock < locks.size, `unknown lock id ${lock}: use sink.lockId()`);
    return lock;
  }

  const sink: StepSink = {
    lockId: (target) => locks.synthetic(target),
    acquire: (tid, lock, mode, tryLock) => request(state.tasks.get(tid), checkedLock(lock), modeCode(mode), tryLock),
    // A synthetic release names no mode; a bad one is reported as EXCLUSIVE.
    release: (tid, lock) => release(state.tasks.get(tid), checkedLock(lock), 'EXCLUSIVE'),
    wouldBlock: (tid, lock, mode) => state.firstBlocker(state.tasks.get(tid), checkedLock(lock), modeCode(mode)) !== undefined,
    hazard: (h) => reportCoherency(ctx, h, state.tasks.get(h.tid), state.tasks.get(h.dioTid)),
  };

  // The task of `event`: its wait ends (the trace shows it went on) and its comm is refreshed.
  function enter(event: TraceEvent, task: TaskSlot = state.tasks.get(event.tid)): TaskSlot {
    clearWait(task);
    task.alive = true;
    if (event.comm !== undefined && event.comm !== '' && event.comm !== task.comm) task.comm = event.comm;
    return task;
  }

  function step(event: TraceEvent, index: number): void {
    switch (event.kind) {
      case 'task': {
        const known = state.tasks.find(event.tid);
        const renewed = known !== undefined && !known.alive;
        if (renewed) taskOfTidId = []; // the tid names a new slot now
        const task = enter(event, renewed ? state.tasks.renew(event.tid) : known);
        if (event.task.comm !== '') task.comm = event.task.comm;
        const parentTid = event.task.parentTid;
        if (parentTid !== 0 && parentTid !== event.tid) fork(state.tasks.get(parentTid), task);
        return;
      }
      case 'exit': {
        const task = enter(event);
        state.releaseAll(task);
        task.alive = false;
        return;
      }
      case 'join': {
        const task = enter(event);
        const joined = state.tasks.find(event.join.joinedTid);
        if (joined !== undefined) join(task, joined);
        return;
      }
      case 'lock': {
        const task = enter(event);
        const op = event.lock;
        switch (op.op) {
          case 'ACQUIRE': request(task, locks.instanceOf(op), modeCode(op.mode), op.try); return;
          case 'RELEASE': release(task, locks.instanceOf(op), op.mode); return;
          case 'TRY_FAILED': return;
          // The failed request's hold is dropped; a hold it never made is no bad unlock.
          case 'FAILED': state.release(task, locks.instanceOf(op)); return;
          case 'INIT': case 'DESTROY': return;
          default: assertUnreachable(op.op);
        }
        return;
      }
      case 'lost':
        lost += event.lost.count;
        return;
      case 'dioBegin': {
        const task = enter(event);
        task.dioIndex = index;
        task.dioTs = event.ts;
        task.dioStack = event.stack;
        policy.apply(event, index, sink);
        return;
      }
      case 'contention': case 'mmapLock': case 'dioEnd': case 'dioInvalidateFail': case 'fault':
      case 'pagecache': case 'fileOp': case 'mapping':
        enter(event);
        policy.apply(event, index, sink);
        return;
      default:
        assertUnreachable(event);
    }
  }

  // The model's instance of the decoder's lock id `id` (first sight: from the event's LockOp).
  function instanceOfColumn(columns: EventColumns, i: number, id: number): number {
    instanceOfLockId = growInt32(instanceOfLockId, Math.max(1024, id + 1), -1);
    let instance = instanceOfLockId[id];
    if (instance < 0) {
      const event = columns.eventAt(i);
      assert(event.kind === 'lock', 'a lock column holds a lock event');
      instance = locks.instanceOf(event.lock);
      instanceOfLockId[id] = instance;
    }
    return instance;
  }

  function taskOfColumn(columns: EventColumns, id: number): TaskSlot {
    let task = taskOfTidId[id];
    if (task === undefined) {
      task = state.tasks.get(columns.space.tids.lo(id));
      taskOfTidId[id] = task;
    }
    return task;
  }

  // A column batch: plain lock events straight from the columns, the others as TraceEvents.
  function pushColumns(columns: EventColumns): void {
    if (columns.space !== space) {
      space = columns.space;
      instanceOfLockId = new Int32Array(0);
      taskOfTidId = [];
    }
    const { code, ts, tid, lock } = columns;
    for (let i = 0; i < columns.length; i++) {
      const index = events++;
      cursor.index = index;
      cursor.ts = ts[i];
      lastTs = ts[i];
      const c = code[i];
      if (c === 0) {
        const event = columns.eventAt(i);
        cursor.stack = event.stack;
        step(event, index);
        continue;
      }
      cursor.stack = undefined;
      const task = taskOfColumn(columns, tid[i]);
      clearWait(task);
      task.alive = true;
      const mode = (c >> LOCK_MODE_SHIFT) & LOCK_MODE_MASK;
      switch (c & LOCK_OP_MASK) {
        case 0: request(task, instanceOfColumn(columns, i, lock[i]), mode, (c & LOCK_TRY_BIT) !== 0); break;
        case 1: release(task, instanceOfColumn(columns, i, lock[i]), modeName(mode)); break;
        default: break; // TRY_FAILED changes nothing
      }
    }
  }

  return withGetters({
    push(batch: Batch): void {
      const columns = columnsOf(batch);
      if (columns !== undefined) {
        pushColumns(columns);
        return;
      }
      for (let i = 0; i < batch.length; i++) {
        const event = batch[i];
        const index = events++;
        cursor.index = index;
        cursor.ts = event.ts;
        cursor.stack = event.stack;
        lastTs = event.ts;
        step(event, index);
      }
    },
    findings: () => log.list(),
    snapshot: () => buildSnapshot(state, log.list(), { events, ts: lastTs, lost, edges: order.graph.pairCount }),
  }, { events: () => events });
}
