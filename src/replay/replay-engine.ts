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
import { reportDestroyLocked } from '../detect/destroy-locked.js';
import { reportHeldAtExit } from '../detect/held-at-exit.js';
import type { Cursor, DetectContext } from '../detect/detect-context.js';
import type { Finding, Semantics } from '../detect/finding.js';
import { createFindingLog } from '../detect/finding-log.js';
import { createOrderInversionDetector } from '../detect/order-inversion.js';
import { createWaitCycleDetector } from '../detect/wait-cycle.js';
import { createLockState } from '../model/lock-state.js';
import { createLockTable } from '../model/lock-table.js';
import { MODE_SHARED, MODE_SHARED_RECURSIVE, modeCode, modeName } from '../model/mode-code.js';
import { clearWait, heldPosition, NONE, type TaskSlot } from '../model/task-slot.js';
import { fork, join } from '../model/vector-clock.js';
import type { Policy, StepSink } from '../policy/policy.js';
import { assert, assertUnreachable } from '../assert.js';
import { withGetters } from '../with-getters.js';
import { growInt32 } from '../grow-int32.js';
import type { Batch, LockMode, LockOp, TraceEvent } from '../trace/event.js';
import {
  columnsOf, LOCK_MODE_MASK, LOCK_MODE_SHIFT, LOCK_OP_MASK, LOCK_TRY_BIT, type EventColumns, type IdSpace,
} from '../trace/fast-event-columns.js';
import { buildSnapshot, type EngineSnapshot } from './engine-snapshot.js';
import { createLossWindows } from './loss-windows.js';
import type { ReplayNotes } from '../detect/replay-notes.js';

export type { EngineSnapshot } from './engine-snapshot.js';

export interface EngineOptions { readonly policy: Policy; readonly semantics: Semantics }

export interface Engine {
  /** Replay a batch; its events get indices continuing from the previous batch. */
  push(batch: Batch): void;
  /** Events consumed so far. */
  readonly events: number;
  /** De-duplicated, counted, in order of first appearance. */
  findings(): readonly Finding[];
  /** What the replay could not decide or report (search bounds reached, releases after a loss). */
  notes(): ReplayNotes;
  /** The model's state for a dashboard (allocates; call it per batch, not per event). */
  snapshot(): EngineSnapshot;
}

/** A replay of one trace under one policy and semantics. */
export function createEngine(options: EngineOptions): Engine {
  const { policy, semantics } = options;
  const locks = createLockTable(semantics === 'lockdep');
  const losses = createLossWindows();
  // After a `lost` event with no task (tid 0), tasks first seen later may have lost events too.
  let lastGlobalLoss = NONE;
  let tasksBeforeLoss = 0;
  let releasesAfterLoss = 0;
  // "task id:lock id" of holds dropped because their lock was destroyed: their release is no misuse.
  const orphans = new Set<string>();
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
  // A rwlock read of a reader-preferring lock is recursive; the owner re-locking a recursive or
  // error-checking mutex cannot wait (it nests, or fails with EDEADLK and FAILED follows).
  // A request ends the task's previous what-if wait (docs/design.md §4): the task went on to
  // request something else, inside the same policy step too. A release ends no wait.
  function request(task: TaskSlot, instance: number, requested: number, tryLock: boolean): void {
    clearWait(task);
    if (task.lostAt !== NONE) dropStaleHold(task, instance);
    const type = locks.typeOf(instance);
    const mode = requested === MODE_SHARED && (type === 'RWLOCK_PREFER_READER' || type === 'RWLOCK_PREFER_WRITER')
      ? MODE_SHARED_RECURSIVE : requested;
    const reentry = (type === 'MUTEX_RECURSIVE' || type === 'MUTEX_ERRORCHECK') && heldPosition(task, instance) !== NONE;
    if (!tryLock && !reentry) {
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

  // A hold taken before a loss, requested again: its release was lost, so it is dropped.
  function dropStaleHold(task: TaskSlot, instance: number): void {
    const pos = heldPosition(task, instance);
    if (pos !== NONE && task.heldIndex[pos] < task.lostAt) state.forget(task, instance);
  }

  function uncertain(task: TaskSlot): boolean {
    return task.lostAt !== NONE || (lastGlobalLoss !== NONE && task.id >= tasksBeforeLoss);
  }

  function release(task: TaskSlot, instance: number, mode: LockMode): void {
    if (state.release(task, instance)) return;
    if (uncertain(task)) {
      releasesAfterLoss += 1;
      return;
    }
    if (orphans.delete(`${task.id}:${locks.lockName(instance)}`)) return;
    reportBadUnlock(ctx, task, instance, mode);
  }

  // The task's last request of `instance` failed at its return: the hold it made is dropped.
  function failed(task: TaskSlot, instance: number): void {
    state.release(task, instance);
  }

  // INIT or DESTROY of a LockOp lock: the identity at its id ends (a held one is a misuse).
  function endIdentity(task: TaskSlot, op: LockOp): void {
    const instance = locks.find(op.lock);
    if (instance === undefined) return;
    const holding = state.holdersOf(instance);
    if (holding.length > 0) {
      reportDestroyLocked(ctx, task, instance, op.op === 'INIT' ? 'initialised' : 'destroyed');
      for (const id of holding) {
        state.forget(state.tasks.at(id), instance);
        orphans.add(`${id}:${locks.lockName(instance)}`);
      }
    }
    locks.end(op.lock);
    instanceOfLockId.fill(-1);
  }

  // A `lost` event: the state of its task (every task, without one) is uncertain from here. The
  // policy closes the operations it keeps open for them; the holds it drops count as releases
  // after the loss (notes()).
  function lose(event: TraceEvent & { kind: 'lost' }, index: number): void {
    lost += event.lost.count;
    losses.add(index, event.lost.count);
    policy.lose(event.tid, sink);
    if (event.tid !== 0) {
      state.tasks.get(event.tid).lostAt = index;
      return;
    }
    for (const t of state.tasks.all) t.lostAt = index;
    lastGlobalLoss = index;
    tasksBeforeLoss = state.tasks.size;
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
        if (task.heldInstance.length > 0) reportHeldAtExit(ctx, task);
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
          case 'ACQUIRE': request(task, typed(op), modeCode(op.mode), op.try); return;
          case 'RELEASE': release(task, typed(op), op.mode); return;
          case 'TRY_FAILED': return;
          case 'FAILED': {
            const instance = locks.find(op.lock);
            if (instance !== undefined) failed(task, instance);
            return;
          }
          case 'INIT':
            endIdentity(task, op);
            typed(op);
            return;
          case 'DESTROY': endIdentity(task, op); return;
          default: assertUnreachable(op.op);
        }
        return;
      }
      case 'lost':
        lose(event, index);
        return;
      case 'contention': case 'mmapLock': case 'dioBegin': case 'dioEnd': case 'dioInvalidateFail': case 'fault':
      case 'pagecache': case 'fileOp': case 'mapping':
        enter(event);
        policy.apply(event, index, sink);
        return;
      default:
        assertUnreachable(event);
    }
  }

  // The instance of a LockOp, keeping the type it names.
  function typed(op: LockOp): number {
    const instance = locks.instanceOf(op);
    if (op.type !== undefined) locks.setType(instance, op.type);
    return instance;
  }

  // The model's instance of the decoder's lock id `id` (first sight: from the event's LockOp).
  function instanceOfColumn(columns: EventColumns, i: number, id: number): number {
    instanceOfLockId = growInt32(instanceOfLockId, Math.max(1024, id + 1), -1);
    let instance = instanceOfLockId[id];
    if (instance < 0) {
      const event = columns.eventAt(i);
      assert(event.kind === 'lock', 'a lock column holds a lock event');
      instance = typed(event.lock);
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
        case 3: failed(task, instanceOfColumn(columns, i, lock[i])); break;
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
    findings: () => losses.annotate(log.list()),
    notes: () => ({
      searchStops: order.searchStops(),
      releasesAfterLoss: releasesAfterLoss + policy.releasesAfterLoss(),
      deepRequests: order.deepRequests(),
    }),
    snapshot: () => buildSnapshot(state, log.list(), { events, ts: lastTs, lost, edges: order.graph.pairCount }),
  }, { events: () => events });
}
