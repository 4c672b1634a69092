// Turns collectors/kernel.bt records into trace events (the codes are listed in its header).
//
// Stateful for mmap: an `m` record (file-backed mmap entry) is held per tid until its `p`
// record (the syscall's return) gives the address; together they make a `mapping`. And for
// file operations: an `O` (fileOp BEGIN) is held per tid, and its `o` is its END.
import type { EventCommon, FileOp, FileOpKind, TraceEvent } from '../../trace/event.js';
import { X86_PF_WRITE } from '../../kernel/x86-fault.js';
import { hexField, type BpftraceRecord } from './record-line.js';

/** FIELD count of each kernel.bt event code. */
export const KERNEL_FIELD_COUNTS: Readonly<Record<string, number>> = {
  B: 9, E: 6, I: 4, F: 3, M: 4, A: 4, D: 4, U: 3, K: 3,
  C: 2, c: 2, L: 2, l: 3, R: 2, m: 6, p: 1, O: 8, o: 1, N: 3, X: 1, S: 1,
};

// kernel.bt's file operation codes (its O record's first field).
const FILE_OPS: readonly (FileOpKind | undefined)[] = [undefined, 'BUFFERED_READ', 'BUFFERED_WRITE', 'TRUNCATE', 'PUNCH', 'REMAP'];

/** kernel.bt's heartbeat, printed on every CPU: that CPU's events before its NSECS were printed. */
export const KERNEL_HEARTBEAT_CODE = 'S';

// kernel.bt's `dir` of a DIO: the enclosing syscall's direction.
const DIR_READ = 1;
// mmap returns -errno as an unsigned long: values in the top page are errors.
const MMAP_ERROR_FLOOR = (1n << 64n) - 4096n;

export interface KernelEventDecoder {
  /** The event of a record; undefined for a record that only feeds state (m) or is malformed. */
  decode(record: BpftraceRecord): TraceEvent | undefined;
}

// FIELD i as a number, and a field printed %lx as a 64-bit value.
type NumberField = (i: number) => number;
type AddressField = (i: number) => bigint;

// One decoder per collector run (it holds the pending mmaps).
export function createKernelEventDecoder(): KernelEventDecoder {
  const pendingMmap = new Map<number, readonly string[]>();
  const openFileOps = new Map<number, FileOp>();
  return {
    decode(record) {
      const f = record.fields;
      const { ts, tid, pid, cpu, comm } = record;
      switch (record.code) {
        case 'O': {
          const op = FILE_OPS[Number(f[0])];
          if (op === undefined) return undefined;
          const [dev, ino, dev2, ino2, pos, len] = f.slice(1, 7).map(Number);
          const fileOp: FileOp = { op, phase: 'BEGIN', dev, ino, dev2, ino2, pos, len, buf: hexField(f[7]) };
          openFileOps.set(tid, fileOp);
          return { ts, tid, pid, cpu, comm, kind: 'fileOp', fileOp };
        }
        case 'o': {
          // An o whose O was lost ends nothing.
          const begin = openFileOps.get(tid);
          openFileOps.delete(tid);
          return begin === undefined ? undefined : { ts, tid, pid, cpu, comm, kind: 'fileOp', fileOp: { ...begin, phase: 'END' } };
        }
        case 'm':
          pendingMmap.set(tid, f);
          return undefined;
        case 'p': {
          const entry = pendingMmap.get(tid);
          pendingMmap.delete(tid);
          const start = hexField(f[0]);
          if (entry === undefined || start >= MMAP_ERROR_FLOOR) return undefined;
          const [len, , , off, dev, ino] = entry.map(Number);
          return { ts, tid, pid, cpu, comm, kind: 'mapping', mapping: { start, len, dev, ino, offset: off } };
        }
        case 'N':
          return { ts, tid: Number(f[0]), pid: Number(f[1]), cpu, comm, kind: 'task', task: { parentTid: tid, comm } };
        default: {
          const event = decodeEvent(record, record.code, (i) => Number(f[i]), (i) => hexField(f[i]));
          return event === undefined || record.stack === undefined ? event : { ...event, stack: record.stack };
        }
      }
    },
  };
}

// The event of a stateless code; built as one literal per kind (no spreads: this is per event).
function decodeEvent(head: EventCommon, code: string, n: NumberField, h: AddressField): TraceEvent | undefined {
  const { ts, tid, pid, cpu, comm } = head;
  switch (code) {
    case 'B':
      return {
        ts, tid, pid, cpu, comm, kind: 'dioBegin',
        dioBegin: {
          dev: n(0), ino: n(1), pos: n(2), len: n(3),
          // Unknown direction (0: no enclosing read/write syscall) is recorded as a write.
          write: n(7) !== DIR_READ,
          aio: n(6) !== 0, flags: n(4), buf: h(8),
        },
      };
    case 'E':
      return { ts, tid, pid, cpu, comm, kind: 'dioEnd', dioEnd: { dev: n(0), ino: n(1), pos: n(2), ret: n(3), error: n(4) } };
    case 'I':
      return {
        ts, tid, pid, cpu, comm, kind: 'dioInvalidateFail',
        dioInvalidateFail: { dev: n(0), ino: n(1), pos: n(2), len: n(3) },
      };
    case 'F':
    case 'M':
      return {
        ts, tid, pid, cpu, comm, kind: 'fault',
        fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: n(0), ino: n(1), index: n(2), write: false },
      };
    case 'A':
    case 'D':
      return {
        ts, tid, pid, cpu, comm, kind: 'pagecache',
        pagecache: { op: code === 'A' ? 'ADD' : 'DELETE', dev: n(0), ino: n(1), index: n(2), order: n(3) },
      };
    case 'U':
    case 'K':
      return {
        ts, tid, pid, cpu, comm, kind: 'fault',
        fault: {
          source: code === 'U' ? 'USER' : 'KERNEL', address: h(0), ip: h(1), errorCode: n(2),
          dev: 0, ino: 0, index: 0, write: (n(2) & X86_PF_WRITE) !== 0,
        },
      };
    case 'C':
      return { ts, tid, pid, cpu, comm, kind: 'contention', contention: { lockAddr: h(0), flags: n(1), phase: 'BEGIN', ret: 0 } };
    case 'c':
      return { ts, tid, pid, cpu, comm, kind: 'contention', contention: { lockAddr: h(0), flags: 0, phase: 'END', ret: n(1) } };
    case 'L':
      return { ts, tid, pid, cpu, comm, kind: 'mmapLock', mmapLock: { mm: h(0), write: n(1) !== 0, phase: 'START', success: false } };
    case 'l':
      return {
        ts, tid, pid, cpu, comm, kind: 'mmapLock',
        mmapLock: { mm: h(0), write: n(1) !== 0, phase: 'ACQUIRED', success: n(2) !== 0 },
      };
    case 'R':
      return { ts, tid, pid, cpu, comm, kind: 'mmapLock', mmapLock: { mm: h(0), write: n(1) !== 0, phase: 'RELEASED', success: true } };
    case 'X':
      return { ts, tid, pid, cpu, comm, kind: 'exit', exit: {} };
    default:
      return undefined;
  }
}
