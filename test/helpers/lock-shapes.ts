// Lock-event shapes for the cycle and lifetime tests: rings, rotations, random dense graphs,
// and pthread-style typed lock events (in-memory events, no trace codec involved).
import type { LockMode, LockOpKind, LockType, TraceEvent } from '../../src/trace/event.js';
import { createPrng } from '../../src/gen/prng.js';

let clock = 0;

/** A lock event of task `tid` on lock id `lock`, with a pthread lock type when given. */
export function op(tid: number, kind: LockOpKind, lock: number, opts: { mode?: LockMode; type?: LockType; try?: boolean } = {}): TraceEvent {
  clock += 1000;
  const payload = { op: kind, lock: BigInt(lock), cls: '', mode: opts.mode ?? 'EXCLUSIVE', try: opts.try ?? false, subclass: 0 };
  return { ts: clock, tid, pid: tid, cpu: 0, comm: `t${tid}`, kind: 'lock', lock: opts.type === undefined ? payload : { ...payload, type: opts.type } };
}

/** Task `tid` forked by `parentTid`. */
export function fork(parentTid: number, tid: number): TraceEvent {
  clock += 1000;
  return { ts: clock, tid, pid: tid, cpu: 0, comm: `t${tid}`, kind: 'task', task: { parentTid, comm: `t${tid}` } };
}

export function exit(tid: number): TraceEvent {
  clock += 1000;
  return { ts: clock, tid, pid: tid, cpu: 0, comm: `t${tid}`, kind: 'exit', exit: {} };
}

export function joined(tid: number, joinedTid: number): TraceEvent {
  clock += 1000;
  return { ts: clock, tid, pid: tid, cpu: 0, comm: `t${tid}`, kind: 'join', join: { joinedTid } };
}

/** `count` events lost, for task `tid` (0: no task named). */
export function lost(count: number, tid = 0): TraceEvent {
  clock += 1000;
  return { ts: clock, tid, pid: tid, cpu: 0, kind: 'lost', lost: { count, source: 'test' } };
}

/** Task `tid` takes `outer` then `inner`, and releases both. */
export function nest(tid: number, outer: number, inner: number): TraceEvent[] {
  return [op(tid, 'ACQUIRE', outer), op(tid, 'ACQUIRE', inner), op(tid, 'RELEASE', inner), op(tid, 'RELEASE', outer)];
}

/** One task taking L0→L1, L1→L2, …, L(n-1)→L0 (lock ids 1..n), or one task per step when `tasks`. */
export function ring(n: number, tasks = false): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (let i = 0; i < n; i++) {
    const tid = tasks ? 100 + i : 7;
    if (tasks) events.push(fork(1, tid));
    events.push(...nest(tid, 1 + i, 1 + ((i + 1) % n)));
  }
  return events;
}

/** n threads; thread k takes locks k, k+1, …, k+n-1 (mod n) nested, then releases them. */
export function rotation(n: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (let k = 0; k < n; k++) {
    const tid = 100 + k;
    events.push(fork(1, tid));
    for (let i = 0; i < n; i++) events.push(op(tid, 'ACQUIRE', 1000 + ((k + i) % n)));
    for (let i = n - 1; i >= 0; i--) events.push(op(tid, 'RELEASE', 1000 + ((k + i) % n)));
  }
  return events;
}

/**
 * A random shape: `tasks` threads each run `rounds` critical sections nesting up to `depth`
 * distinct locks out of `locks`, in random order (a dense order graph with many cycles).
 */
export function randomNesting(seed: number, locks: number, tasks: number, rounds: number, depth: number): TraceEvent[] {
  const prng = createPrng(seed);
  const events: TraceEvent[] = [];
  for (let t = 0; t < tasks; t++) events.push(fork(1, 100 + t));
  for (let r = 0; r < rounds; r++) {
    const tid = 100 + prng.below(tasks);
    const taken: number[] = [];
    const n = 1 + prng.below(depth);
    while (taken.length < n) {
      const lock = 1 + prng.below(locks);
      if (!taken.includes(lock)) taken.push(lock);
    }
    for (const lock of taken) events.push(op(tid, 'ACQUIRE', lock));
    for (const lock of taken.reverse()) events.push(op(tid, 'RELEASE', lock));
  }
  return events;
}
