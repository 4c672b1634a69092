// Turns collectors/pthread.bt records into trace events (the codes are listed in its header).
//
// L (request, at entry) is ACQUIRE; F (that call failed) is FAILED; T (trylock return) is
// ACQUIRE try when ret is 0, else TRY_FAILED; U is RELEASE; W and A (a condition wait) are the
// RELEASE and the ACQUIRE again of its mutex; I is INIT, D is DESTROY; N is a `task`, J a
// `join`, X an `exit`. An rwlock unlock releases whichever mode the task took, which the decoder
// remembers per (tid, lock), in arrival order (a thread that moved to another CPU may have its
// unlock read before its lock: it is then released as EXCLUSIVE, as is a lock never seen taken).
// glibc's spin unlock and spin init are one function: a U of a spinlock is a RELEASE with its
// type (SPINLOCK) on every one, which spin-unlocks.ts turns into an INIT when the task does
// not hold the lock.
// A lock's type rides on its first event after a start, an INIT or a DESTROY, and whenever
// its kind word changes. Lock names come from `nameOf` (a global variable's symbol).
import type { LockMode, LockOp, LockOpKind, TraceEvent } from '../../trace/event.js';
import { hexField, type BpftraceRecord } from '../bpftrace/record-line.js';
import { pthreadLockType, PTHREAD_PRIMS, type KnownLockType, type PthreadPrim } from './lock-type.js';

/** FIELD count of each pthread.bt event code. */
export const PTHREAD_FIELD_COUNTS: Readonly<Record<string, number>> = {
  L: 4, F: 2, T: 5, U: 2, W: 2, A: 2, I: 3, D: 2, N: 3, J: 1, X: 0, S: 1,
};

// pthread.bt's mode field: 0 exclusive (mutex, wrlock, spin), 1 shared (rdlock).
const MODES: readonly LockMode[] = ['EXCLUSIVE', 'SHARED'];

export interface PthreadEventDecoder {
  decode(record: BpftraceRecord): TraceEvent | undefined;
}

// One decoder per collector run; `nameOf(pid, lock)` names a lock address, or undefined.
export function createPthreadEventDecoder(
  nameOf: (pid: number, lock: bigint) => string | undefined = () => undefined,
): PthreadEventDecoder {
  // Modes taken and not yet released, per "tid:lock" (recursive read locks stack up).
  const heldModes = new Map<string, LockMode[]>();
  // The type last recorded per "pid:lock" ('' when it was recorded unknown).
  const typeSent = new Map<string, string>();

  const hold = (key: string, mode: LockMode): void => {
    const modes = heldModes.get(key);
    if (modes === undefined) heldModes.set(key, [mode]);
    else modes.push(mode);
  };
  const drop = (key: string): LockMode | undefined => {
    const modes = heldModes.get(key);
    const mode = modes?.pop();
    if (modes !== undefined && modes.length === 0) heldModes.delete(key);
    return mode;
  };

  return {
    decode(record) {
      const f = record.fields;
      const common = { ts: record.ts, tid: record.tid, pid: record.pid, cpu: record.cpu, comm: record.comm };
      const withStack = record.stack === undefined ? common : { ...common, stack: record.stack };
      switch (record.code) {
        case 'N':
          return { ...common, tid: Number(f[0]), pid: Number(f[1]), kind: 'task', task: { parentTid: record.tid, comm: record.comm } };
        case 'J':
          return { ...common, kind: 'join', join: { joinedTid: Number(f[0]) } };
        case 'X':
          return { ...common, kind: 'exit', exit: {} };
        default:
          break;
      }
      const lock = hexField(f[0]);
      const heldKey = `${record.tid}:${f[0]}`;
      const lockKey = `${record.pid}:${f[0]}`;
      let op: LockOpKind;
      let mode: LockMode = 'EXCLUSIVE';
      let isTry = false;
      let known: KnownLockType | undefined;
      let prim: PthreadPrim | undefined;
      switch (record.code) {
        case 'L':
        case 'T': {
          const m = MODES[Number(f[1])];
          prim = PTHREAD_PRIMS[Number(f[2])];
          if (m === undefined || prim === undefined) return undefined;
          mode = m;
          known = pthreadLockType(prim, Number(f[3]));
          isTry = record.code === 'T';
          op = isTry && f[4] !== '0' ? 'TRY_FAILED' : 'ACQUIRE';
          if (op === 'ACQUIRE') hold(heldKey, mode);
          break;
        }
        case 'F':
          op = 'FAILED';
          mode = drop(heldKey) ?? 'EXCLUSIVE';
          break;
        case 'U': {
          prim = PTHREAD_PRIMS[Number(f[1])];
          if (prim === undefined) return undefined;
          // Unlock or init (one function): spin-unlocks.ts decides, in time order.
          if (prim === 'spin') known = pthreadLockType('spin', -1);
          op = 'RELEASE';
          mode = drop(heldKey) ?? 'EXCLUSIVE';
          break;
        }
        case 'W':
          op = 'RELEASE';
          known = pthreadLockType('mutex', Number(f[1]));
          drop(heldKey);
          break;
        case 'A':
          op = 'ACQUIRE';
          known = pthreadLockType('mutex', Number(f[1]));
          hold(heldKey, mode);
          break;
        case 'I':
          prim = PTHREAD_PRIMS[Number(f[1])];
          if (prim === undefined) return undefined;
          op = 'INIT';
          known = pthreadLockType(prim, Number(f[2]));
          typeSent.delete(lockKey);
          break;
        case 'D':
          op = 'DESTROY';
          typeSent.delete(lockKey);
          break;
        default:
          return undefined;
      }
      const name = nameOf(record.pid, lock);
      const payload: { -readonly [K in keyof LockOp]: LockOp[K] } = { op, lock, cls: '', mode, try: isTry, subclass: 0 };
      if (name !== undefined) payload.name = name;
      if (known !== undefined) {
        const sent = `${known.type}${known.robust ? ' robust' : ''}`;
        if (typeSent.get(lockKey) !== sent || op === 'INIT' || (record.code === 'U' && prim === 'spin')) {
          payload.type = known.type;
          if (known.robust) payload.robust = true;
        }
        if (op !== 'DESTROY') typeSent.set(lockKey, sent);
      }
      return { ...withStack, kind: 'lock', lock: payload };
    },
  };
}
