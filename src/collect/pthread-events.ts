// Turns collectors/pthread.bt records into `lock` events (the codes are listed in its header).
//
// L (request, on entry) is ACQUIRE; T (trylock return) is ACQUIRE try when ret is 0, else
// TRY_FAILED; U is RELEASE. An rwlock unlock releases whichever mode the task took, which the
// decoder remembers per (tid, lock); a lock it never saw taken is released as EXCLUSIVE.
// Lock names come from `nameOf` (a global variable's symbol, when the lock is one).
import type { LockMode, TraceEvent } from '../trace/event.js';
import { hexField, type BpftraceRecord } from './bpftrace-record.js';

/** FIELD count of each pthread.bt event code. */
export const PTHREAD_FIELD_COUNTS: Readonly<Record<string, number>> = { L: 2, T: 3, U: 2 };

// pthread.bt's mode field: 0 exclusive (mutex, wrlock), 1 shared (rdlock).
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

  return {
    decode(record) {
      const f = record.fields;
      const lock = hexField(f[0]);
      const key = `${record.tid}:${f[0]}`;
      let op: 'ACQUIRE' | 'RELEASE' | 'TRY_FAILED';
      let mode: LockMode;
      let isTry = false;
      switch (record.code) {
        case 'L':
        case 'T': {
          mode = MODES[Number(f[1])];
          if (mode === undefined) return undefined;
          isTry = record.code === 'T';
          op = isTry && f[2] !== '0' ? 'TRY_FAILED' : 'ACQUIRE';
          if (op === 'ACQUIRE') {
            const modes = heldModes.get(key);
            if (modes === undefined) heldModes.set(key, [mode]);
            else modes.push(mode);
          }
          break;
        }
        case 'U': {
          op = 'RELEASE';
          const modes = heldModes.get(key);
          mode = modes?.pop() ?? 'EXCLUSIVE';
          if (modes !== undefined && modes.length === 0) heldModes.delete(key);
          break;
        }
        default:
          return undefined;
      }
      const name = nameOf(record.pid, lock);
      const common = { ts: record.ts, tid: record.tid, pid: record.pid, cpu: record.cpu, comm: record.comm };
      return {
        ...(record.stack === undefined ? common : { ...common, stack: record.stack }),
        kind: 'lock',
        lock: { op, lock, cls: '', mode, try: isTry, subclass: 0, ...(name === undefined ? {} : { name }) },
      };
    },
  };
}
