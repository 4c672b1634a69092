// Reads the binary records of faultline's tracepoints (trace_pipe_raw) into events, as the
// ftrace text parser reads their printed lines: the same events, fields and syscall state,
// without the kernel formatting text and faultline parsing it back (docs/design.md §7).
//
// Each record starts with the common fields (common_type: which event; common_pid: the tid);
// the other fields are read at the offsets of the event's format file. A record carries no
// comm and no TGID: both come from `names` (fork and exec events keep its comms current).
// Differences from the text: times are ns, not µs; page_fault_* addresses are numbers even
// where the text prints a kernel symbol; a comm is the task's at the event (the text prints
// the one at the time of reading); a new thread's `task` event has its TGID (the text
// parser has not seen the thread yet and gives its tid).
import type { EventBody, TraceEvent } from '../../trace/event.js';
import { ftraceEventOf } from '../../kernel/ftrace-event-of.js';
import { ALL_FDS, createSyscallState, type FdFiles } from '../../kernel/ftrace-syscall-state.js';
import { X86_PF_WRITE } from '../../kernel/x86-fault.js';
import { EnvironmentError } from '../../trace/errors.js';
import { withGetters } from '../../with-getters.js';
import type { MmapResolver } from './mmap-resolver.js';
import { formatField, type EventFormat, type FormatField } from './event-format.js';

/** comm and TGID of a tid. */
export interface TaskNames {
  comm(tid: number): string | undefined;
  tgid(tid: number): number | undefined;
  /** A new task's comm (from its fork event). */
  learn(tid: number, comm: string): void;
  /** The task's comm changed (exec): look it up again. */
  forget(tid: number): void;
}

/** Where a record is: its time (ns) and CPU, its bytes view[start, start + length); one object may be reused record after record. */
export interface RawRecord {
  view: DataView;
  ts: number;
  cpu: number;
  start: number;
  length: number;
}

export interface FtraceRawDecoder {
  /** The event of a record; undefined for state-only records (syscalls) and unknown ids, which are counted. */
  decode(record: RawRecord): TraceEvent | undefined;
  readonly unknown: number;
  /** Events of `formats` whose format file lacks a field faultline reads, with why: not read. */
  readonly unsupported: readonly { readonly name: string; readonly why: string }[];
  /** File operations not made: an fd's file not known (closed before it was read), FICLONERANGE. */
  readonly fileOpsUnresolved: number;
}

// Reads a record's event body at `at`; undefined when it only feeds state.
type BodyReader = (view: DataView, at: number, tid: number) => EventBody | undefined;

// Records are in the host's byte order: little-endian on the machines faultline runs on (x86-64, arm64).
const LE = true;
const COMMON_TYPE = 0;
const COMMON_PID = 4;

// An integer field as a number, signed or not as its format says (exact below 2^53: inodes,
// offsets, lengths, pids, return values).
function integer(view: DataView, at: number, field: FormatField): number {
  const pos = at + field.offset;
  switch (field.size) {
    case 1: return field.signed ? view.getInt8(pos) : view.getUint8(pos);
    case 2: return field.signed ? view.getInt16(pos, LE) : view.getUint16(pos, LE);
    case 4: return field.signed ? view.getInt32(pos, LE) : view.getUint32(pos, LE);
    default: return (field.signed ? view.getInt32(pos + 4, LE) : view.getUint32(pos + 4, LE)) * 2 ** 32 + view.getUint32(pos, LE);
  }
}

// A 64-bit address or id, exact.
function address(view: DataView, at: number, field: FormatField): bigint {
  return field.size === 8 ? view.getBigUint64(at + field.offset, LE) : BigInt(integer(view, at, field));
}

// A char[N] field or a __data_loc string, up to its NUL, within the record's `length` bytes.
function string(view: DataView, at: number, length: number, field: FormatField): string {
  let start = at + field.offset;
  let size = field.size;
  if (field.dataLoc) {
    const loc = view.getUint32(start, LE);
    start = at + (loc & 0xffff);
    size = Math.max(0, Math.min(loc >>> 16, at + length - start));
  }
  const bytes = new Uint8Array(view.buffer, view.byteOffset + start, size);
  const nul = bytes.indexOf(0);
  return Buffer.from(bytes.buffer, bytes.byteOffset, nul < 0 ? size : nul).toString('utf8');
}

/** A decoder for the events of `formats` (those enabled), with one capture's syscall state and fds. */
export function createFtraceRawDecoder(formats: readonly EventFormat[], names: TaskNames, mmaps: MmapResolver, files?: FdFiles): FtraceRawDecoder {
  const syscalls = createSyscallState(files);
  const readers = new Map<number, BodyReader>();
  // Per event id, the bytes its fields take: a shorter record is not read.
  const sizes = new Map<number, number>();
  let unknown = 0;
  // The record being decoded, and the event a reader made whole (fork's task, mmap's mapping).
  let current: RawRecord;
  let made: TraceEvent | undefined;

  const pidOf = (tid: number): number => names.tgid(tid) ?? tid;
  const eventOf = (tid: number, body: EventBody): TraceEvent =>
    ftraceEventOf(current.ts, tid, pidOf(tid), current.cpu, names.comm(tid), body);

  const bodyReaders: Readonly<Record<string, (format: EventFormat) => BodyReader>> = {
    iomap_dio_rw_begin(format) {
      const [dev, ino, pos, count, flags, aio] = ['dev', 'ino', 'pos', 'count', 'ki_flags', 'aio'].map((n) => formatField(format, n));
      return (view, at, tid) => syscalls.dioBegin({
        kind: 'dioBegin',
        dioBegin: {
          dev: integer(view, at, dev), ino: integer(view, at, ino), pos: integer(view, at, pos), len: integer(view, at, count),
          write: false, aio: integer(view, at, aio) !== 0, flags: integer(view, at, flags), buf: 0n,
        },
      }, tid);
    },
    iomap_dio_complete(format) {
      const [dev, ino, pos, error, ret] = ['dev', 'ino', 'pos', 'error', 'ret'].map((n) => formatField(format, n));
      return (view, at) => ({
        kind: 'dioEnd',
        dioEnd: { dev: integer(view, at, dev), ino: integer(view, at, ino), pos: integer(view, at, pos), error: integer(view, at, error), ret: integer(view, at, ret) },
      });
    },
    iomap_dio_invalidate_fail(format) {
      const [dev, ino, offset, length] = ['dev', 'ino', 'offset', 'length'].map((n) => formatField(format, n));
      return (view, at) => ({
        kind: 'dioInvalidateFail',
        dioInvalidateFail: { dev: integer(view, at, dev), ino: integer(view, at, ino), pos: integer(view, at, offset), len: integer(view, at, length) },
      });
    },
    mm_filemap_fault: fileFault,
    // Maps a range: the fault is counted at its first page, as the text parser does.
    mm_filemap_map_pages: fileFault,
    mm_filemap_add_to_page_cache: pageCache('ADD'),
    mm_filemap_delete_from_page_cache: pageCache('DELETE'),
    page_fault_user: pageFault('USER'),
    page_fault_kernel: pageFault('KERNEL'),
    contention_begin(format) {
      const [lock, flags] = ['lock_addr', 'flags'].map((n) => formatField(format, n));
      return (view, at) => ({ kind: 'contention', contention: { lockAddr: address(view, at, lock), flags: integer(view, at, flags), phase: 'BEGIN', ret: 0 } });
    },
    contention_end(format) {
      const [lock, ret] = ['lock_addr', 'ret'].map((n) => formatField(format, n));
      return (view, at) => ({ kind: 'contention', contention: { lockAddr: address(view, at, lock), flags: 0, phase: 'END', ret: integer(view, at, ret) } });
    },
    mmap_lock_start_locking: mmapLock('START'),
    mmap_lock_acquire_returned: mmapLock('ACQUIRED'),
    mmap_lock_released: mmapLock('RELEASED'),
    // The task's comm stays known: it still makes events after this one (its mm torn down).
    sched_process_exit: () => (_view, _at, tid) => {
      if (tid === pidOf(tid)) files?.forget(tid, 0, ALL_FDS, current.ts);
      return { kind: 'exit', exit: {} };
    },
    // exec closes the O_CLOEXEC fds.
    sched_process_exec: () => (_view, _at, tid) => {
      names.forget(tid);
      files?.forget(pidOf(tid), 0, ALL_FDS, current.ts);
      return undefined;
    },
  };

  function fileFault(format: EventFormat): BodyReader {
    const [dev, ino, index] = ['s_dev', 'i_ino', 'index'].map((n) => formatField(format, n));
    return (view, at) => ({
      kind: 'fault',
      fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: integer(view, at, dev), ino: integer(view, at, ino), index: integer(view, at, index), write: false },
    });
  }

  function pageCache(op: 'ADD' | 'DELETE'): (format: EventFormat) => BodyReader {
    return (format) => {
      const [dev, ino, index, order] = ['s_dev', 'i_ino', 'index', 'order'].map((n) => formatField(format, n));
      return (view, at) => ({
        kind: 'pagecache',
        pagecache: { op, dev: integer(view, at, dev), ino: integer(view, at, ino), index: integer(view, at, index), order: integer(view, at, order) },
      });
    };
  }

  function pageFault(source: 'USER' | 'KERNEL'): (format: EventFormat) => BodyReader {
    return (format) => {
      const [addr, ip, code] = ['address', 'ip', 'error_code'].map((n) => formatField(format, n));
      return (view, at) => {
        const errorCode = integer(view, at, code);
        return {
          kind: 'fault',
          fault: {
            source, address: address(view, at, addr), ip: address(view, at, ip), errorCode,
            dev: 0, ino: 0, index: 0, write: (errorCode & X86_PF_WRITE) !== 0,
          },
        };
      };
    };
  }

  function mmapLock(phase: 'START' | 'ACQUIRED' | 'RELEASED'): (format: EventFormat) => BodyReader {
    return (format) => {
      const mm = formatField(format, 'mm');
      const write = formatField(format, 'write');
      const success = phase === 'ACQUIRED' ? formatField(format, 'success') : undefined;
      return (view, at) => ({
        kind: 'mmapLock',
        mmapLock: {
          mm: address(view, at, mm), write: integer(view, at, write) !== 0, phase,
          success: success !== undefined && integer(view, at, success) !== 0,
        },
      });
    };
  }

  // sched_process_fork: a `task` event of the child (the text parser's shape).
  function fork(format: EventFormat): BodyReader {
    const [parentPid, childComm, childPid] = ['parent_pid', 'child_comm', 'child_pid'].map((n) => formatField(format, n));
    return (view, at) => {
      const tid = integer(view, at, childPid);
      const comm = string(view, at, current.length, childComm);
      names.learn(tid, comm);
      made = ftraceEventOf(current.ts, tid, pidOf(tid), current.cpu, comm, { kind: 'task', task: { parentTid: integer(view, at, parentPid), comm } });
      return undefined;
    };
  }
  
  // sys_enter_X / sys_exit_X: syscall state and file operations; mmap's also go to the mmap resolver.
  function syscall(format: EventFormat): BodyReader {
    const name = format.name.replace(/^sys_(?:enter|exit)_/, '');
    if (format.name.startsWith('sys_exit_')) {
      const ret = formatField(format, 'ret');
      return (view, at, tid) => {
        const end = syscalls.exit(tid);
        if (name === 'mmap') {
          const comm = names.comm(tid);
          const place = { ts: current.ts, tid, pid: pidOf(tid), cpu: current.cpu, ...(comm === undefined ? {} : { comm }) };
          made = mmaps.mmapExit(place, BigInt.asUintN(64, BigInt(integer(view, at, ret))));
        }
        return end;
      };
    }
    if (name === 'mmap') {
      const [fd, flags, len, off] = ['fd', 'flags', 'len', 'off'].map((n) => formatField(format, n));
      return (view, at, tid) => {
        syscalls.enter(tid, pidOf(tid), name, current.ts);
        mmaps.mmapEnter(tid, address(view, at, fd), address(view, at, flags), integer(view, at, len), integer(view, at, off));
        return undefined;
      };
    }
    // The syscall's own arguments (after common_* and __syscall_nr), read when asked for.
    const args = new Map([...format.fields].filter(([n]) => !n.startsWith('common_') && n !== '__syscall_nr'));
    let record: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
    let recordAt = 0;
    const arg = (argName: string): bigint | undefined => {
      const field = args.get(argName);
      return field === undefined ? undefined : address(record, recordAt, field);
    };
    return (view, at, tid) => {
      record = view;
      recordAt = at;
      return syscalls.enter(tid, pidOf(tid), name, current.ts, arg);
    };
  }

  const unsupported: { name: string; why: string }[] = [];
  for (const format of formats) {
    const make = format.name.startsWith('sys_') ? syscall : format.name === 'sched_process_fork' ? fork : bodyReaders[format.name];
    if (make === undefined) continue;
    try {
      readers.set(format.id, make(format));
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      unsupported.push({ name: format.name, why: error.message });
      continue;
    }
    sizes.set(format.id, Math.max(8, ...[...format.fields.values()].map((f) => f.offset + f.size)));
  }

  return withGetters({
    decode(record: RawRecord): TraceEvent | undefined {
      const { view, start } = record;
      if (record.length < 8) {
        unknown++;
        return undefined;
      }
      const id = view.getUint16(start + COMMON_TYPE, LE);
      const reader = readers.get(id);
      if (reader === undefined || record.length < sizes.get(id)!) {
        unknown++;
        return undefined;
      }
      current = record;
      const tid = view.getInt32(start + COMMON_PID, LE);
      const body = reader(view, start, tid);
      if (body !== undefined) return eventOf(tid, body);
      const event = made;
      made = undefined;
      return event;
    },
    unsupported,
  }, { unknown: () => unknown, fileOpsUnresolved: () => syscalls.fileOpsUnresolved });
}
