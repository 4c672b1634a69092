import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFtraceRawDecoder, type TaskNames } from '../../../src/collect/ftrace/raw-decoder.js';
import { createMmapResolver } from '../../../src/collect/ftrace/mmap-resolver.js';
import { parseEventFormat, type EventFormat } from '../../../src/collect/ftrace/event-format.js';
import type { TraceEvent } from '../../../src/trace/event.js';
import { makeDev } from '../../../src/trace/dev.js';
import type { FdFiles } from '../../../src/kernel/ftrace-syscall-state.js';
import { buildRecord, type FieldValue } from '../../helpers/ring-buffer-pages.js';

const DIR = new URL('../../fixtures/tracefs-formats/', import.meta.url);
const FORMATS: ReadonlyMap<string, EventFormat> = new Map(readdirSync(DIR).filter((f) => f.endsWith('.format') && f !== 'header_page.format')
  .map((f) => [f.replace(/\.format$/, ''), parseEventFormat(readFileSync(new URL(f, DIR), 'utf8'), f)]));

// Names as a table of tids: pid 10 is process 10 ("app"), 11 its thread; the rest unknown.
function fixedNames(): TaskNames & { readonly log: string[] } {
  const comms = new Map([[10, 'app'], [11, 'app']]);
  const log: string[] = [];
  return {
    log,
    comm: (tid) => comms.get(tid),
    tgid: (tid) => (tid === 10 || tid === 11 ? 10 : undefined),
    learn: (tid, comm) => {
      log.push(`learn ${tid} ${comm}`);
      comms.set(tid, comm);
    },
    forget: (tid) => {
      log.push(`forget ${tid}`);
      comms.delete(tid);
    },
  };
}

type Rec = readonly [event: string, tid: number, fields: Readonly<Record<string, FieldValue>>];

function decodeAll(records: readonly Rec[], names = fixedNames(), statFd = (): undefined => undefined, files?: FdFiles): { events: TraceEvent[]; unknown: number } {
  const decoder = createFtraceRawDecoder([...FORMATS.values()], names, createMmapResolver(statFd), files);
  const events: TraceEvent[] = [];
  records.forEach(([name, tid, fields], i) => {
    const bytes = buildRecord(FORMATS.get(name)!, tid, fields);
    const event = decoder.decode({ view: new DataView(bytes.buffer), ts: 1000 + i, cpu: 1, start: 0, length: bytes.length });
    if (event !== undefined) events.push(event);
  });
  return { events, unknown: decoder.unknown };
}

const DEV = makeDev(254, 3);
const KADDR = 0xffff888012345678n;
const common = (i: number, tid = 10) => ({ ts: 1000 + i, tid, pid: 10, cpu: 1, comm: 'app' });

describe('createFtraceRawDecoder', () => {
  it.each<[string, Rec, TraceEvent]>([
    ['a DIO end', ['iomap_dio_complete', 10, { dev: DEV, ino: 77, pos: 8192, error: -5, ret: -5 }],
      { ...common(0), kind: 'dioEnd', dioEnd: { dev: DEV, ino: 77, pos: 8192, error: -5, ret: -5 } }],
    ['a failed invalidation', ['iomap_dio_invalidate_fail', 10, { dev: DEV, ino: 77, offset: 4096, length: 8192 }],
      { ...common(0), kind: 'dioInvalidateFail', dioInvalidateFail: { dev: DEV, ino: 77, pos: 4096, len: 8192 } }],
    ['a file fault', ['mm_filemap_fault', 11, { s_dev: DEV, i_ino: 2 ** 40, index: 9 }],
      { ...common(0, 11), kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: DEV, ino: 2 ** 40, index: 9, write: false } }],
    ['a map_pages range, at its first page', ['mm_filemap_map_pages', 10, { s_dev: DEV, i_ino: 5, index: 16, last_index: 31 }],
      { ...common(0), kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: DEV, ino: 5, index: 16, write: false } }],
    ['a page-cache add', ['mm_filemap_add_to_page_cache', 10, { s_dev: DEV, i_ino: 5, index: 3, order: 2, pfn: 999 }],
      { ...common(0), kind: 'pagecache', pagecache: { op: 'ADD', dev: DEV, ino: 5, index: 3, order: 2 } }],
    ['a page-cache delete', ['mm_filemap_delete_from_page_cache', 10, { s_dev: DEV, i_ino: 5, index: 3, order: 0 }],
      { ...common(0), kind: 'pagecache', pagecache: { op: 'DELETE', dev: DEV, ino: 5, index: 3, order: 0 } }],
    ['a user write fault', ['page_fault_user', 10, { address: 0x7f0000001000n, ip: 0x401000n, error_code: 6 }],
      { ...common(0), kind: 'fault', fault: { source: 'USER', address: 0x7f0000001000n, ip: 0x401000n, errorCode: 6, dev: 0, ino: 0, index: 0, write: true } }],
    ['a kernel read fault, at a kernel address', ['page_fault_kernel', 10, { address: 0x7f0000001000n, ip: KADDR, error_code: 0 }],
      { ...common(0), kind: 'fault', fault: { source: 'KERNEL', address: 0x7f0000001000n, ip: KADDR, errorCode: 0, dev: 0, ino: 0, index: 0, write: false } }],
    ['a contention begin', ['contention_begin', 10, { lock_addr: KADDR, flags: 0x22 }],
      { ...common(0), kind: 'contention', contention: { lockAddr: KADDR, flags: 0x22, phase: 'BEGIN', ret: 0 } }],
    ['a contention end', ['contention_end', 10, { lock_addr: KADDR, ret: -4 }],
      { ...common(0), kind: 'contention', contention: { lockAddr: KADDR, flags: 0, phase: 'END', ret: -4 } }],
    ['an mmap_lock start', ['mmap_lock_start_locking', 10, { mm: KADDR, write: true }],
      { ...common(0), kind: 'mmapLock', mmapLock: { mm: KADDR, write: true, phase: 'START', success: false } }],
    ['an mmap_lock acquired', ['mmap_lock_acquire_returned', 10, { mm: KADDR, write: false, success: true }],
      { ...common(0), kind: 'mmapLock', mmapLock: { mm: KADDR, write: false, phase: 'ACQUIRED', success: true } }],
    ['an mmap_lock release', ['mmap_lock_released', 10, { mm: KADDR, write: true }],
      { ...common(0), kind: 'mmapLock', mmapLock: { mm: KADDR, write: true, phase: 'RELEASED', success: false } }],
    ['an exit', ['sched_process_exit', 11, { comm: 'app', pid: 11, prio: 120 }], { ...common(0, 11), kind: 'exit', exit: {} }],
  ])('reads %s', (_, record, event) => {
    expect(decodeAll([record])).toEqual({ events: [event], unknown: 0 });
  });

  it.each([
    ['pwrite64', true], ['write', true], ['pread64', false], ['read', false],
  ])('gives a DIO inside %s its direction (write %s) and the syscall buffer', (call, write) => {
    const { events } = decodeAll([
      [`sys_enter_${call}`, 10, { fd: 3, buf: 0x7f00deadb000n, count: 4096 }],
      ['iomap_dio_rw_begin', 10, { dev: DEV, ino: 77, pos: 4096, count: 4096, ki_flags: 1 << 17, aio: false }],
      [`sys_exit_${call}`, 10, { ret: 4096 }],
      ['iomap_dio_rw_begin', 10, { dev: DEV, ino: 77, pos: 0, count: 512, ki_flags: 1 << 17, aio: true }],
    ]);
    expect(events).toEqual([
      { ...common(1), kind: 'dioBegin', dioBegin: { dev: DEV, ino: 77, pos: 4096, len: 4096, write, aio: false, flags: 1 << 17, buf: 0x7f00deadb000n } },
      // After the syscall: no buffer, and no direction known: recorded as a write.
      { ...common(3), kind: 'dioBegin', dioBegin: { dev: DEV, ino: 77, pos: 0, len: 512, write: true, aio: true, flags: 1 << 17, buf: 0n } },
    ]);
  });

  it('takes a WRITE in the kiocb flags as a write whatever the syscall', () => {
    const { events } = decodeAll([
      ['sys_enter_preadv2', 10, { fd: 3 }],
      ['iomap_dio_rw_begin', 10, { dev: DEV, ino: 1, pos: 0, count: 512, ki_flags: (1 << 17) | (1 << 18), aio: false }],
    ]);
    expect(events[0]).toMatchObject({ dioBegin: { write: true, buf: 0n } });
  });

  it('makes a task event of a fork, the child named from it, and forgets a comm on exec', () => {
    const names = fixedNames();
    const { events } = decodeAll([
      ['sched_process_fork', 10, { parent_comm: 'app', parent_pid: 10, child_comm: 'worker', child_pid: 12 }],
      ['contention_begin', 12, { lock_addr: 1n, flags: 1 }],
      ['sched_process_exec', 12, { filename: '/bin/true', pid: 12, old_pid: 12 }],
      ['sched_process_exit', 12, { comm: 'true', pid: 12 }],
    ], names);
    expect(events.map((e) => [e.kind, e.tid, e.pid, e.comm])).toEqual([['task', 12, 12, 'worker'], ['contention', 12, 12, 'worker'], ['exit', 12, 12, undefined]]);
    expect(events[0]).toMatchObject({ task: { parentTid: 10, comm: 'worker' } });
    expect(names.log).toEqual(['learn 12 worker', 'forget 12']);
  });

  it('reads a __data_loc string only within its record', () => {
    const fork = buildRecord(FORMATS.get('sched_process_fork')!, 10, { parent_pid: 10, child_comm: 'worker', child_pid: 12 });
    const decoder = createFtraceRawDecoder([...FORMATS.values()], fixedNames(), createMmapResolver(() => undefined));
    const event = decoder.decode({ view: new DataView(fork.buffer), ts: 1, cpu: 0, start: 0, length: fork.length - 4 });
    expect(event?.kind === 'task' && event.task.comm).toBe('work');
  });

  it('makes a mapping of a file mmap when its fd names a file, with the time of the mmap exit', () => {
    const { events } = decodeAll([
      ['sys_enter_mmap', 11, { addr: 0, len: 0x2000, prot: 1, flags: 1, fd: 3, off: 0x1000 }],
      ['sys_exit_mmap', 11, { ret: 0x7f0000001000n }],
      ['sys_enter_mmap', 11, { len: 0x1000, flags: 0x22, fd: 0xffffffff }],
      ['sys_exit_mmap', 11, { ret: 0x7f0000009000n }],
      ['sys_enter_mmap', 11, { len: 0x1000, flags: 1, fd: 3 }],
      ['sys_exit_mmap', 11, { ret: -9 }],
    ], fixedNames(), ((pid: number, fd: number) => (pid === 10 && fd === 3 ? { dev: DEV, ino: 42 } : undefined)) as () => undefined);
    expect(events).toEqual([{ ...common(1, 11), kind: 'mapping', mapping: { start: 0x7f0000001000n, len: 0x2000, dev: DEV, ino: 42, offset: 0x1000 } }]);
  });

  it('counts records of events it does not read, and records shorter than their fields, and reads on', () => {
    const decoder = createFtraceRawDecoder([FORMATS.get('contention_end')!], fixedNames(), createMmapResolver(() => undefined));
    const other = buildRecord(FORMATS.get('contention_begin')!, 10, {});
    expect(decoder.decode({ view: new DataView(other.buffer), ts: 1, cpu: 0, start: 0, length: other.length })).toBeUndefined();
    expect(decoder.decode({ view: new DataView(other.buffer), ts: 1, cpu: 0, start: 0, length: 4 })).toBeUndefined();
    const end = buildRecord(FORMATS.get('contention_end')!, 10, { lock_addr: 5n });
    expect(decoder.decode({ view: new DataView(end.buffer), ts: 2, cpu: 0, start: 0, length: 12 })).toBeUndefined();
    expect(decoder.decode({ view: new DataView(end.buffer), ts: 2, cpu: 0, start: 0, length: end.length })?.kind).toBe('contention');
    expect(decoder.unknown).toBe(3);
  });
});

describe('createFtraceRawDecoder on a kernel whose format lacks a field', () => {
  it('reads every other event, and names the one it cannot read and why', () => {
    const begin = FORMATS.get('contention_begin')!;
    const fields = new Map(begin.fields);
    fields.delete('flags');
    const decoder = createFtraceRawDecoder([{ ...begin, fields }, FORMATS.get('contention_end')!], fixedNames(), createMmapResolver(() => undefined));
    expect(decoder.unsupported).toEqual([{ name: 'contention_begin', why: 'contention_begin: expected a field "flags" in its format file' }]);
    const rec = buildRecord(begin, 10, { lock_addr: 5n, flags: 1 });
    expect(decoder.decode({ view: new DataView(rec.buffer), ts: 1, cpu: 0, start: 0, length: rec.length })).toBeUndefined();
    const end = buildRecord(FORMATS.get('contention_end')!, 10, { lock_addr: 5n });
    expect(decoder.decode({ view: new DataView(end.buffer), ts: 2, cpu: 0, start: 0, length: end.length })?.kind).toBe('contention');
    expect(decoder.unknown).toBe(1);
  });

  describe('file operations', () => {
    // Process 10's fd 3 is file 5 (buffered), fd 4 file 6 (O_DIRECT); closes are logged.
    const files = (log: string[] = []): FdFiles => ({
      fileOf: (pid, fd) => (pid !== 10 ? undefined : fd === 3 ? { dev: DEV, ino: 5, direct: false } : fd === 4 ? { dev: DEV, ino: 6, direct: true } : undefined),
      forget: (pid, from, to, ts) => void log.push(`${pid} ${from}-${to} at ${ts}`),
    });
    const write = { op: 'BUFFERED_WRITE', dev: DEV, ino: 5, dev2: DEV, ino2: 5, pos: 8192, len: 4096, buf: 0x7f00n };

    it('makes a buffered write BEGIN at the entry and its END at the exit', () => {
      const { events } = decodeAll([
        ['sys_enter_pwrite64', 10, { fd: 3, buf: 0x7f00n, count: 4096, pos: 8192 }],
        ['sys_exit_pwrite64', 10, { ret: 4096 }],
      ], fixedNames(), undefined, files());
      expect(events).toEqual([
        { ...common(0), kind: 'fileOp', fileOp: { ...write, phase: 'BEGIN' } },
        { ...common(1), kind: 'fileOp', fileOp: { ...write, phase: 'END' } },
      ]);
    });

    it('makes none of an O_DIRECT file\'s write (a DIO), nor of an unknown fd, nor without fds', () => {
      for (const [fd, table] of [[4, files()], [9, files()], [3, undefined]] as const) {
        expect(decodeAll([
          ['sys_enter_pwrite64', 10, { fd, buf: 0x7f00n, count: 4096, pos: 0 }],
          ['sys_exit_pwrite64', 10, { ret: 4096 }],
        ], fixedNames(), undefined, table).events).toEqual([]);
      }
    });

    it('makes a TRUNCATE of ftruncate, its pos the new size', () => {
      const { events } = decodeAll([['sys_enter_ftruncate', 10, { fd: 3, length: 12288 }]], fixedNames(), undefined, files());
      expect(events).toMatchObject([{ kind: 'fileOp', fileOp: { op: 'TRUNCATE', phase: 'BEGIN', ino: 5, pos: 12288, len: 0 } }]);
    });

    it('forgets a closed fd, and every fd of a process at its exec', () => {
      const log: string[] = [];
      decodeAll([['sys_enter_close', 11, { fd: 3 }], ['sched_process_exec', 10, {}]], fixedNames(), undefined, files(log));
      expect(log).toEqual(['10 3-3 at 1000', '10 0-2147483647 at 1001']);
    });
  });
});
