// The fields of each supported tracepoint, as its print fmt on kernel 6.18 writes them
// (/sys/kernel/tracing/events/<sys>/<event>/format), read into an event body.
//
// A dioBegin is read with write: false and buf: 0n; the parser fills both from the enclosing
// syscall. `%p` pointers (lock_addr, mm) are hex without 0x: real addresses when the instance's
// hash-ptr option is off, hashed ones otherwise. `%ps` addresses (page_fault_*) are hex, or a
// symbol name for kernel code, read as 0n.
//
// Read by hand from the fields' char-bytes with byte-scan (this runs once per event line);
// the shape each reader accepts is the RegExp written above it (matched at the start of the
// fields, not to their end).
import type { EventBody } from '../../trace/event.js';
import { makeDev } from '../../trace/dev.js';
import { CONTENTION_FLAGS, KIOCB_FLAGS, parseFlags } from '../../kernel/ftrace-flags.js';
import { PAGE_SIZE } from '../../kernel/page.js';
import { X86_PF_WRITE } from '../../kernel/x86-fault.js';
import {
  readDecimalBytes, readHexBytes, readSignedDecimalBytes, skipHexBytes, skipLiteralBytes,
  skipNonSpaceBytes,
} from './byte-scan.js';
import { isHexAnyCase, scanned } from './ftrace-scan.js';
import { hexBigint } from './hex-bigint.js';

/**
 * Reads an event's fields, text[start, end), from `bytes`, text's char-bytes at the same
 * positions; undefined when they do not have the expected shape.
 */
export type BodyParser = (bytes: Uint8Array, text: string, start: number, end: number) => EventBody | undefined;

// What readDev and readHexField read last.
let dev = 0;
let hex = 0;

// `(\d+):(\d+)` (major:minor) into `dev`.
function readDev(bytes: Uint8Array, text: string, pos: number, end: number): number {
  pos = readDecimalBytes(bytes, text, pos, end);
  const major = scanned.value;
  pos = readDecimalBytes(bytes, text, skipLiteralBytes(bytes, pos, end, ':'), end);
  dev = makeDev(major, scanned.value);
  return pos;
}

// `literal([0-9a-f]+)` into `hex`.
function readHexField(bytes: Uint8Array, text: string, pos: number, end: number, literal: string): number {
  pos = readHexBytes(bytes, text, skipLiteralBytes(bytes, pos, end, literal), end);
  hex = scanned.value;
  return pos;
}

// `dev M:m ino 0x… size 0x… offset 0x…`, the head the iomap DIO events print: the device in
// `dev`, the inode in `headIno`, the offset in `hex`.
let headIno = 0;
function readDioHead(bytes: Uint8Array, text: string, start: number, end: number): number {
  let pos = readDev(bytes, text, skipLiteralBytes(bytes, start, end, 'dev '), end);
  pos = readHexField(bytes, text, pos, end, ' ino 0x');
  headIno = hex;
  pos = skipHexBytes(bytes, skipLiteralBytes(bytes, pos, end, ' size 0x'), end);
  return readHexField(bytes, text, pos, end, ' offset 0x');
}

// /^dev (\d+):(\d+) ino 0x([0-9a-f]+) size 0x[0-9a-f]+ offset 0x([0-9a-f]+) length 0x([0-9a-f]+)
//   done_before 0x[0-9a-f]+ flags (\S*) dio_flags \S* aio (\d+)/
function dioBegin(bytes: Uint8Array, text: string, start: number, end: number): EventBody | undefined {
  let pos = readDioHead(bytes, text, start, end);
  const device = dev;
  const ino = headIno;
  const offset = hex;
  pos = readHexField(bytes, text, pos, end, ' length 0x');
  const len = hex;
  pos = skipHexBytes(bytes, skipLiteralBytes(bytes, pos, end, ' done_before 0x'), end);
  const flagsStart = skipLiteralBytes(bytes, pos, end, ' flags ');
  if (flagsStart < 0) return undefined;
  const flagsEnd = skipNonSpaceBytes(bytes, flagsStart, end);
  pos = skipLiteralBytes(bytes, flagsEnd, end, ' dio_flags ');
  if (pos >= 0) pos = skipNonSpaceBytes(bytes, pos, end);
  const aioStart = skipLiteralBytes(bytes, pos, end, ' aio ');
  const aioEnd = readDecimalBytes(bytes, text, aioStart, end);
  if (aioEnd < 0) return undefined;
  const flags = kiocbFlags(bytes, text, flagsStart, flagsEnd);
  if (flags === undefined) return undefined;
  // aio as printed: "0" is false, any other digits true.
  const aio = aioEnd !== aioStart + 1 || bytes[aioStart] !== 0x30;
  return { kind: 'dioBegin', dioBegin: { dev: device, ino, pos: offset, len, write: false, aio, flags, buf: 0n } };
}

// The bits of the KIOCB flags text[start, end); the last text read is kept (a DIO loop
// prints the same flags every time).
let lastFlagsText = '';
let lastFlags = parseFlags(lastFlagsText, KIOCB_FLAGS);
function kiocbFlags(bytes: Uint8Array, text: string, start: number, end: number): number | undefined {
  if (end - start !== lastFlagsText.length || !text.startsWith(lastFlagsText, start)) {
    lastFlagsText = text.slice(start, end);
    lastFlags = parseFlags(lastFlagsText, KIOCB_FLAGS);
  }
  return lastFlags;
}

// /^dev (\d+):(\d+) ino 0x([0-9a-f]+) size 0x[0-9a-f]+ offset 0x([0-9a-f]+) flags \S* aio \d+ error (-?\d+) ret (-?\d+)/
function dioEnd(bytes: Uint8Array, text: string, start: number, end: number): EventBody | undefined {
  let pos = readDioHead(bytes, text, start, end);
  const device = dev;
  const ino = headIno;
  const offset = hex;
  pos = skipLiteralBytes(bytes, pos, end, ' flags ');
  if (pos < 0) return undefined;
  pos = readDecimalBytes(bytes, text, skipLiteralBytes(bytes, skipNonSpaceBytes(bytes, pos, end), end, ' aio '), end);
  pos = readSignedDecimalBytes(bytes, text, skipLiteralBytes(bytes, pos, end, ' error '), end);
  const error = scanned.value;
  pos = readSignedDecimalBytes(bytes, text, skipLiteralBytes(bytes, pos, end, ' ret '), end);
  if (pos < 0) return undefined;
  return { kind: 'dioEnd', dioEnd: { dev: device, ino, pos: offset, error, ret: scanned.value } };
}

// /^dev (\d+):(\d+) ino 0x([0-9a-f]+) size 0x[0-9a-f]+ offset 0x([0-9a-f]+) length 0x([0-9a-f]+)/
function dioInvalidateFail(bytes: Uint8Array, text: string, start: number, end: number): EventBody | undefined {
  let pos = readDioHead(bytes, text, start, end);
  const device = dev;
  const ino = headIno;
  const offset = hex;
  pos = readHexField(bytes, text, pos, end, ' length 0x');
  if (pos < 0) return undefined;
  return { kind: 'dioInvalidateFail', dioInvalidateFail: { dev: device, ino, pos: offset, len: hex } };
}

// /^dev=(\d+):(\d+) ino=([0-9a-f]+) ofs=(\d+)/, and `-\d+` after it for mm_filemap_map_pages,
// which maps a range: the fault is counted at its first page.
function fileFault(range: boolean): BodyParser {
  return (bytes, text, start, end) => {
    let pos = readDev(bytes, text, skipLiteralBytes(bytes, start, end, 'dev='), end);
    const device = dev;
    pos = readHexField(bytes, text, pos, end, ' ino=');
    const ino = hex;
    pos = readDecimalBytes(bytes, text, skipLiteralBytes(bytes, pos, end, ' ofs='), end);
    const ofs = scanned.value;
    if (range) pos = readDecimalBytes(bytes, text, skipLiteralBytes(bytes, pos, end, '-'), end);
    if (pos < 0) return undefined;
    return {
      kind: 'fault',
      fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: device, ino, index: ofs / PAGE_SIZE, write: false },
    };
  };
}

// /^dev (\d+):(\d+) ino ([0-9a-f]+) pfn=0x[0-9a-f]+ ofs=(\d+) order=(\d+)/
function pageCache(op: 'ADD' | 'DELETE'): BodyParser {
  return (bytes, text, start, end) => {
    let pos = readDev(bytes, text, skipLiteralBytes(bytes, start, end, 'dev '), end);
    const device = dev;
    pos = readHexField(bytes, text, pos, end, ' ino ');
    const ino = hex;
    pos = skipHexBytes(bytes, skipLiteralBytes(bytes, pos, end, ' pfn=0x'), end);
    pos = readDecimalBytes(bytes, text, skipLiteralBytes(bytes, pos, end, ' ofs='), end);
    const ofs = scanned.value;
    pos = readDecimalBytes(bytes, text, skipLiteralBytes(bytes, pos, end, ' order='), end);
    if (pos < 0) return undefined;
    return { kind: 'pagecache', pagecache: { op, dev: device, ino, index: ofs / PAGE_SIZE, order: scanned.value } };
  };
}

// /^address=(\S+) ip=(\S+) error_code=0x([0-9a-f]+)/; an address is /^0x[0-9a-f]+$/i or 0n.
function pageFault(source: 'USER' | 'KERNEL'): BodyParser {
  return (bytes, text, start, end) => {
    const addressStart = skipLiteralBytes(bytes, start, end, 'address=');
    if (addressStart < 0) return undefined;
    const addressEnd = skipNonSpaceBytes(bytes, addressStart, end);
    const ipStart = skipLiteralBytes(bytes, addressEnd, end, ' ip=');
    if (addressEnd === addressStart || ipStart < 0) return undefined;
    const ipEnd = skipNonSpaceBytes(bytes, ipStart, end);
    if (ipEnd === ipStart || readHexField(bytes, text, ipEnd, end, ' error_code=0x') < 0) return undefined;
    const errorCode = hex;
    return {
      kind: 'fault',
      fault: {
        source, address: address(bytes, text, addressStart, addressEnd), ip: address(bytes, text, ipStart, ipEnd), errorCode,
        dev: 0, ino: 0, index: 0, write: (errorCode & X86_PF_WRITE) !== 0,
      },
    };
  };
}

function address(bytes: Uint8Array, text: string, start: number, end: number): bigint {
  if (end - start < 3 || bytes[start] !== 0x30 || (bytes[start + 1] | 0x20) !== 0x78) return 0n;
  for (let i = start + 2; i < end; i++) if (!isHexAnyCase(bytes[i])) return 0n;
  return hexBigint(bytes, text, start + 2, end);
}

// `(?:0x)?([0-9a-f]+)` at pos: its end, its digits from `pointerDigits` ("0x" is a prefix
// only when hex follows it).
let pointerDigits = 0;
function readPointer(bytes: Uint8Array, text: string, pos: number, end: number): number {
  if (pos >= 0 && skipHexBytes(bytes, skipLiteralBytes(bytes, pos, end, '0x'), end) >= 0) pos += 2;
  pointerDigits = pos;
  return skipHexBytes(bytes, pos, end);
}

// The pointer whose digits end at `digitsEnd`.
function pointer(bytes: Uint8Array, text: string, digitsEnd: number): bigint {
  return hexBigint(bytes, text, pointerDigits, digitsEnd);
}

// /^(?:0x)?([0-9a-f]+) \(flags=([^)]*)\)/
function contentionBegin(bytes: Uint8Array, text: string, start: number, end: number): EventBody | undefined {
  const digitsEnd = readPointer(bytes, text, start, end);
  const flagsStart = skipLiteralBytes(bytes, digitsEnd, end, ' (flags=');
  if (flagsStart < 0) return undefined;
  let flagsEnd = flagsStart;
  while (flagsEnd < end && bytes[flagsEnd] !== 0x29) flagsEnd++;
  if (flagsEnd === end) return undefined;
  const lockAddr = pointer(bytes, text, digitsEnd);
  const flags = parseFlags(text.slice(flagsStart, flagsEnd), CONTENTION_FLAGS);
  if (flags === undefined) return undefined;
  return { kind: 'contention', contention: { lockAddr, flags, phase: 'BEGIN', ret: 0 } };
}

// /^(?:0x)?([0-9a-f]+) \(ret=(-?\d+)\)/
function contentionEnd(bytes: Uint8Array, text: string, start: number, end: number): EventBody | undefined {
  const digitsEnd = readPointer(bytes, text, start, end);
  const pos = readSignedDecimalBytes(bytes, text, skipLiteralBytes(bytes, digitsEnd, end, ' (ret='), end);
  if (skipLiteralBytes(bytes, pos, end, ')') < 0) return undefined;
  const ret = scanned.value;
  return { kind: 'contention', contention: { lockAddr: pointer(bytes, text, digitsEnd), flags: 0, phase: 'END', ret } };
}

// /^mm=(?:0x)?([0-9a-f]+) memcg_id=\d+ write=(true|false)(?: success=(true|false))?/; `success`
// is printed by mmap_lock_acquire_returned only; it reads false elsewhere.
function mmapLock(phase: 'START' | 'ACQUIRED' | 'RELEASED'): BodyParser {
  return (bytes, text, start, end) => {
    const digitsEnd = readPointer(bytes, text, skipLiteralBytes(bytes, start, end, 'mm='), end);
    let pos = readDecimalBytes(bytes, text, skipLiteralBytes(bytes, digitsEnd, end, ' memcg_id='), end);
    pos = skipLiteralBytes(bytes, pos, end, ' write=');
    if (pos < 0) return undefined;
    let write: boolean;
    if (skipLiteralBytes(bytes, pos, end, 'true') >= 0) {
      write = true;
      pos += 4;
    } else if (skipLiteralBytes(bytes, pos, end, 'false') >= 0) {
      write = false;
      pos += 5;
    } else {
      return undefined;
    }
    const success = skipLiteralBytes(bytes, pos, end, ' success=true') >= 0 ? true
      : skipLiteralBytes(bytes, pos, end, ' success=false') >= 0 ? false : undefined;
    if ((phase === 'ACQUIRED') !== (success !== undefined)) return undefined;
    return { kind: 'mmapLock', mmapLock: { mm: pointer(bytes, text, digitsEnd), write, phase, success: success === true } };
  };
}

/** Body readers by event name (the name ftrace prints, without the system). */
export const BODY_PARSERS: ReadonlyMap<string, BodyParser> = new Map<string, BodyParser>([
  ['iomap_dio_rw_begin', dioBegin],
  ['iomap_dio_complete', dioEnd],
  ['iomap_dio_invalidate_fail', dioInvalidateFail],
  ['mm_filemap_fault', fileFault(false)],
  ['mm_filemap_map_pages', fileFault(true)],
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
