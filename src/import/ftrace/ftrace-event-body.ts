// The fields of each supported tracepoint, as its print fmt on kernel 6.18 writes them
// (/sys/kernel/tracing/events/<sys>/<event>/format), read into an event body.
//
// A dioBegin is read with write: false and buf: 0n; the parser fills both from the enclosing
// syscall. `%p` pointers (lock_addr, mm) are hex without 0x: real addresses when the instance's
// hash-ptr option is off, hashed ones otherwise. `%ps` addresses (page_fault_*) are hex, or a
// symbol name for kernel code, read as 0n.
import type { EventBody } from '../../trace/event.js';
import { makeDev } from '../../trace/dev.js';
import { CONTENTION_FLAGS, KIOCB_FLAGS, parseFlags } from './ftrace-flags.js';

/** Reads an event's fields; undefined when they do not have the expected shape. */
export type BodyParser = (fields: string) => EventBody | undefined;

// Page size of the `ofs` fields: the formats print index << 12 (PAGE_SHIFT on x86-64).
const PAGE_SIZE = 4096;
const X86_PF_WRITE = 0x2;

const DIO_BEGIN =
  /^dev (\d+):(\d+) ino 0x([0-9a-f]+) size 0x[0-9a-f]+ offset 0x([0-9a-f]+) length 0x([0-9a-f]+) done_before 0x[0-9a-f]+ flags (\S*) dio_flags \S* aio (\d+)/;
const DIO_COMPLETE =
  /^dev (\d+):(\d+) ino 0x([0-9a-f]+) size 0x[0-9a-f]+ offset 0x([0-9a-f]+) flags \S* aio \d+ error (-?\d+) ret (-?\d+)/;
const DIO_INVALIDATE_FAIL =
  /^dev (\d+):(\d+) ino 0x([0-9a-f]+) size 0x[0-9a-f]+ offset 0x([0-9a-f]+) length 0x([0-9a-f]+)/;
const FILEMAP_FAULT = /^dev=(\d+):(\d+) ino=([0-9a-f]+) ofs=(\d+)/;
const FILEMAP_MAP_PAGES = /^dev=(\d+):(\d+) ino=([0-9a-f]+) ofs=(\d+)-\d+/;
const PAGE_CACHE = /^dev (\d+):(\d+) ino ([0-9a-f]+) pfn=0x[0-9a-f]+ ofs=(\d+) order=(\d+)/;
const PAGE_FAULT = /^address=(\S+) ip=(\S+) error_code=0x([0-9a-f]+)/;
const CONTENTION_BEGIN = /^(?:0x)?([0-9a-f]+) \(flags=([^)]*)\)/;
const CONTENTION_END = /^(?:0x)?([0-9a-f]+) \(ret=(-?\d+)\)/;
const MMAP_LOCK = /^mm=(?:0x)?([0-9a-f]+) memcg_id=\d+ write=(true|false)(?: success=(true|false))?/;

const hex = (text: string): number => parseInt(text, 16);
const dev = (major: string, minor: string): number => makeDev(Number(major), Number(minor));
const address = (text: string): bigint => (/^0x[0-9a-f]+$/i.test(text) ? BigInt(text) : 0n);

function dioBegin(fields: string): EventBody | undefined {
  const m = DIO_BEGIN.exec(fields);
  if (m === null) return undefined;
  const flags = parseFlags(m[6], KIOCB_FLAGS);
  if (flags === undefined) return undefined;
  return {
    kind: 'dioBegin',
    dioBegin: {
      dev: dev(m[1], m[2]), ino: hex(m[3]), pos: hex(m[4]), len: hex(m[5]),
      write: false, aio: m[7] !== '0', flags, buf: 0n,
    },
  };
}

function dioEnd(fields: string): EventBody | undefined {
  const m = DIO_COMPLETE.exec(fields);
  if (m === null) return undefined;
  return {
    kind: 'dioEnd',
    dioEnd: { dev: dev(m[1], m[2]), ino: hex(m[3]), pos: hex(m[4]), error: Number(m[5]), ret: Number(m[6]) },
  };
}

function dioInvalidateFail(fields: string): EventBody | undefined {
  const m = DIO_INVALIDATE_FAIL.exec(fields);
  if (m === null) return undefined;
  return {
    kind: 'dioInvalidateFail',
    dioInvalidateFail: { dev: dev(m[1], m[2]), ino: hex(m[3]), pos: hex(m[4]), len: hex(m[5]) },
  };
}

// mm_filemap_map_pages maps a range; the fault is counted at its first page.
function fileFault(pattern: RegExp): BodyParser {
  return (fields) => {
    const m = pattern.exec(fields);
    if (m === null) return undefined;
    return {
      kind: 'fault',
      fault: {
        source: 'FILE', address: 0n, ip: 0n, errorCode: 0,
        dev: dev(m[1], m[2]), ino: hex(m[3]), index: Number(m[4]) / PAGE_SIZE, write: false,
      },
    };
  };
}

function pageCache(op: 'ADD' | 'DELETE'): BodyParser {
  return (fields) => {
    const m = PAGE_CACHE.exec(fields);
    if (m === null) return undefined;
    return {
      kind: 'pagecache',
      pagecache: { op, dev: dev(m[1], m[2]), ino: hex(m[3]), index: Number(m[4]) / PAGE_SIZE, order: Number(m[5]) },
    };
  };
}

function pageFault(source: 'USER' | 'KERNEL'): BodyParser {
  return (fields) => {
    const m = PAGE_FAULT.exec(fields);
    if (m === null) return undefined;
    const errorCode = hex(m[3]);
    return {
      kind: 'fault',
      fault: {
        source, address: address(m[1]), ip: address(m[2]), errorCode,
        dev: 0, ino: 0, index: 0, write: (errorCode & X86_PF_WRITE) !== 0,
      },
    };
  };
}

function contentionBegin(fields: string): EventBody | undefined {
  const m = CONTENTION_BEGIN.exec(fields);
  if (m === null) return undefined;
  const flags = parseFlags(m[2], CONTENTION_FLAGS);
  if (flags === undefined) return undefined;
  return { kind: 'contention', contention: { lockAddr: BigInt(`0x${m[1]}`), flags, phase: 'BEGIN', ret: 0 } };
}

function contentionEnd(fields: string): EventBody | undefined {
  const m = CONTENTION_END.exec(fields);
  if (m === null) return undefined;
  return { kind: 'contention', contention: { lockAddr: BigInt(`0x${m[1]}`), flags: 0, phase: 'END', ret: Number(m[2]) } };
}

// `success` is printed by mmap_lock_acquire_returned only; it reads false elsewhere.
function mmapLock(phase: 'START' | 'ACQUIRED' | 'RELEASED'): BodyParser {
  return (fields) => {
    const m = MMAP_LOCK.exec(fields);
    if (m === null || (phase === 'ACQUIRED') !== (m[3] !== undefined)) return undefined;
    return {
      kind: 'mmapLock',
      mmapLock: { mm: BigInt(`0x${m[1]}`), write: m[2] === 'true', phase, success: m[3] === 'true' },
    };
  };
}

/** Body readers by event name (the name ftrace prints, without the system). */
export const BODY_PARSERS: ReadonlyMap<string, BodyParser> = new Map<string, BodyParser>([
  ['iomap_dio_rw_begin', dioBegin],
  ['iomap_dio_complete', dioEnd],
  ['iomap_dio_invalidate_fail', dioInvalidateFail],
  ['mm_filemap_fault', fileFault(FILEMAP_FAULT)],
  ['mm_filemap_map_pages', fileFault(FILEMAP_MAP_PAGES)],
  ['mm_filemap_add_to_page_cache', pageCache('ADD')],
  ['mm_filemap_delete_from_page_cache', pageCache('DELETE')],
  ['page_fault_user', pageFault('USER')],
  ['page_fault_kernel', pageFault('KERNEL')],
  ['contention_begin', contentionBegin],
  ['contention_end', contentionEnd],
  ['mmap_lock_start_locking', mmapLock('START')],
  ['mmap_lock_acquire_returned', mmapLock('ACQUIRED')],
  ['mmap_lock_released', mmapLock('RELEASED')],
]);
