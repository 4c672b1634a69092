// Builders of the operation events that policies consume, on three files A < B < C (by dev, ino).
import type { EventBody, FileOpKind, TraceEvent } from '../../src/trace/event.js';
import { fileKey, makeDev } from '../../src/trace/dev.js';

export interface TestFile { readonly dev: number; readonly ino: number }

export const A: TestFile = { dev: makeDev(8, 1), ino: 100 };
export const B: TestFile = { dev: makeDev(8, 1), ino: 200 };
export const C: TestFile = { dev: makeDev(8, 1), ino: 300 };

/** Synthetic-lock instance names of the test files, for readable steps. */
export const FILE_ALIASES: ReadonlyMap<string, string> = new Map([
  [fileKey(A.dev, A.ino), 'A'],
  [fileKey(B.dev, B.ino), 'B'],
  [fileKey(C.dev, C.ino), 'C'],
]);

/** Where each task's process maps its buffer file (each tid is its own process unless told). */
export const MAP_BASE = 0x7f00_0000_0000n;

export function event(tid: number, body: EventBody, pid = tid): TraceEvent {
  return { ts: 0, tid, pid, cpu: 0, ...body };
}

export interface DioOptions { readonly write?: boolean; readonly pos?: number; readonly len?: number; readonly buf?: bigint; readonly aio?: boolean; readonly pid?: number }

export function dioBegin(tid: number, f: TestFile, o: DioOptions = {}): TraceEvent {
  return event(tid, {
    kind: 'dioBegin',
    dioBegin: { dev: f.dev, ino: f.ino, pos: o.pos ?? 0, len: o.len ?? 4096, write: o.write ?? true, aio: o.aio ?? false, flags: 0, buf: o.buf ?? 0n },
  }, o.pid ?? tid);
}

export function dioEnd(tid: number, f: TestFile, pos = 4096): TraceEvent {
  return event(tid, { kind: 'dioEnd', dioEnd: { dev: f.dev, ino: f.ino, pos, ret: 4096, error: 0 } });
}

export function dioInvalidateFail(tid: number, f: TestFile, pos = 0, len = 4096): TraceEvent {
  return event(tid, { kind: 'dioInvalidateFail', dioInvalidateFail: { dev: f.dev, ino: f.ino, pos, len } });
}

export function fileFault(tid: number, f: TestFile, index = 0): TraceEvent {
  return event(tid, { kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: f.dev, ino: f.ino, index, write: false } });
}

export function userFault(tid: number, address: bigint): TraceEvent {
  return event(tid, { kind: 'fault', fault: { source: 'USER', address, ip: 0n, errorCode: 6, dev: 0, ino: 0, index: 0, write: true } });
}

export function pageAdd(tid: number, f: TestFile, index = 0, order = 0): TraceEvent {
  return event(tid, { kind: 'pagecache', pagecache: { op: 'ADD', dev: f.dev, ino: f.ino, index, order } });
}

export function pageDelete(tid: number, f: TestFile, index = 0): TraceEvent {
  return event(tid, { kind: 'pagecache', pagecache: { op: 'DELETE', dev: f.dev, ino: f.ino, index, order: 0 } });
}

export interface FileOpOptions { readonly second?: TestFile; readonly buf?: bigint; readonly pos?: number; readonly len?: number; readonly pid?: number }

export function fileOp(tid: number, op: FileOpKind, phase: 'BEGIN' | 'END', f: TestFile, o: FileOpOptions = {}): TraceEvent {
  const second = o.second ?? { dev: 0, ino: 0 };
  return event(tid, {
    kind: 'fileOp',
    fileOp: { op, phase, dev: f.dev, ino: f.ino, dev2: second.dev, ino2: second.ino, pos: o.pos ?? 0, len: o.len ?? 4096, buf: o.buf ?? 0n },
  }, o.pid ?? tid);
}

/** A mapping of `len` bytes of file `f` at `start` in process `pid`. */
export function mapping(pid: number, start: bigint, f: TestFile, len = 65536): TraceEvent {
  return event(pid, { kind: 'mapping', mapping: { start, len, dev: f.dev, ino: f.ino, offset: 0 } }, pid);
}

export function mmapLock(tid: number, mm: bigint, phase: 'START' | 'ACQUIRED' | 'RELEASED', o: { write?: boolean; success?: boolean } = {}): TraceEvent {
  return event(tid, { kind: 'mmapLock', mmapLock: { mm, write: o.write ?? false, phase, success: o.success ?? true } });
}
