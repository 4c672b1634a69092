// Turns collectors/kernel.bt records into trace events (the codes are listed in its header).
//
// Stateful only for mmap: an `m` record (file-backed mmap entry) is held per tid until its
// `p` record (the syscall's return) gives the address; together they make a `mapping`.
import type { EventBody, TraceEvent } from '../trace/event.js';
import { hexField, type BpftraceRecord } from './bpftrace-record.js';

/** FIELD count of each kernel.bt event code. */
export const KERNEL_FIELD_COUNTS: Readonly<Record<string, number>> = {
  B: 9, E: 6, I: 4, F: 3, M: 4, A: 4, D: 4, U: 3, K: 3,
  C: 2, c: 2, L: 2, l: 3, R: 2, m: 6, p: 1, N: 3, X: 1,
};

// kernel.bt's `dir` of a DIO: the enclosing syscall's direction.
const DIR_READ = 1;
// x86 page-fault error code bit 1: the access was a write (arch/x86/include/asm/trap_pf.h).
const X86_PF_WRITE = 2;
// mmap returns -errno as an unsigned long: values in the top page are errors.
const MMAP_ERROR_FLOOR = (1n << 64n) - 4096n;

export interface KernelEventDecoder {
  /** The event of a record; undefined for a record that only feeds state (m) or is malformed. */
  decode(record: BpftraceRecord): TraceEvent | undefined;
}

// One decoder per collector run (it holds the pending mmaps).
export function createKernelEventDecoder(): KernelEventDecoder {
  const pendingMmap = new Map<number, readonly string[]>();
  return {
    decode(record) {
      const f = record.fields;
      const common = { ts: record.ts, tid: record.tid, pid: record.pid, cpu: record.cpu, comm: record.comm };
      const withStack = record.stack === undefined ? common : { ...common, stack: record.stack };
      switch (record.code) {
        case 'm':
          pendingMmap.set(record.tid, f);
          return undefined;
        case 'p': {
          const entry = pendingMmap.get(record.tid);
          pendingMmap.delete(record.tid);
          const start = hexField(f[0]);
          if (entry === undefined || start >= MMAP_ERROR_FLOOR) return undefined;
          const [len, , , off, dev, ino] = entry.map(Number);
          return { ...common, kind: 'mapping', mapping: { start, len, dev, ino, offset: off } };
        }
        case 'N':
          return {
            ...common, tid: Number(f[0]), pid: Number(f[1]),
            kind: 'task', task: { parentTid: record.tid, comm: record.comm },
          };
        default: {
          const body = decodeBody(record.code, f);
          return body === undefined ? undefined : ({ ...withStack, ...body } as TraceEvent);
        }
      }
    },
  };
}

function decodeBody(code: string, f: readonly string[]): EventBody | undefined {
  const n = (i: number): number => Number(f[i]);
  switch (code) {
    case 'B':
      return {
        kind: 'dioBegin',
        dioBegin: {
          dev: n(0), ino: n(1), pos: n(2), len: n(3),
          // Unknown direction (0: no enclosing read/write syscall) is recorded as a write.
          write: n(7) !== DIR_READ,
          aio: f[6] !== '0', flags: n(4), buf: hexField(f[8]),
        },
      };
    case 'E':
      return { kind: 'dioEnd', dioEnd: { dev: n(0), ino: n(1), pos: n(2), ret: n(3), error: n(4) } };
    case 'I':
      return { kind: 'dioInvalidateFail', dioInvalidateFail: { dev: n(0), ino: n(1), pos: n(2), len: n(3) } };
    case 'F':
    case 'M':
      return {
        kind: 'fault',
        fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: n(0), ino: n(1), index: n(2), write: false },
      };
    case 'A':
    case 'D':
      return { kind: 'pagecache', pagecache: { op: code === 'A' ? 'ADD' : 'DELETE', dev: n(0), ino: n(1), index: n(2), order: n(3) } };
    case 'U':
    case 'K':
      return {
        kind: 'fault',
        fault: {
          source: code === 'U' ? 'USER' : 'KERNEL', address: hexField(f[0]), ip: hexField(f[1]), errorCode: n(2),
          dev: 0, ino: 0, index: 0, write: (n(2) & X86_PF_WRITE) !== 0,
        },
      };
    case 'C':
      return { kind: 'contention', contention: { lockAddr: hexField(f[0]), flags: n(1), phase: 'BEGIN', ret: 0 } };
    case 'c':
      return { kind: 'contention', contention: { lockAddr: hexField(f[0]), flags: 0, phase: 'END', ret: n(1) } };
    case 'L':
      return { kind: 'mmapLock', mmapLock: { mm: hexField(f[0]), write: f[1] !== '0', phase: 'START', success: false } };
    case 'l':
      return { kind: 'mmapLock', mmapLock: { mm: hexField(f[0]), write: f[1] !== '0', phase: 'ACQUIRED', success: f[2] !== '0' } };
    case 'R':
      return { kind: 'mmapLock', mmapLock: { mm: hexField(f[0]), write: f[1] !== '0', phase: 'RELEASED', success: true } };
    case 'X':
      return { kind: 'exit', exit: {} };
    default:
      return undefined;
  }
}
