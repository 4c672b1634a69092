import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFtraceParser } from '../../../src/import/ftrace/ftrace-parser.js';
import type { LineResult } from '../../../src/import/line-parser.js';
import { makeDev } from '../../../src/trace/dev.js';

// A trace_pipe line of task t-<tid> in thread group <tgid> on CPU 1 at <secs> seconds.
const at = (secs: string, rest: string, tid = 100, tgid = 100): string =>
  `               t-${tid}     (${String(tgid).padStart(7)}) [001] .....   ${secs}: ${rest}`;

function parseLines(lines: readonly string[]): { results: LineResult[]; parser: ReturnType<typeof createFtraceParser> } {
  const parser = createFtraceParser();
  return { results: lines.map((line, i) => parser.parse(line, i + 1)), parser };
}

const DEV = makeDev(254, 0);
const COMMON = { ts: 5_000_001_000, tid: 100, pid: 100, cpu: 1, comm: 't' };

describe('createFtraceParser', () => {
  it.each([
    ['iomap_dio_complete',
      'iomap_dio_complete: dev 254:0 ino 0x21083 size 0x10000 offset 0x1000 flags DIRECT aio 0 error 0 ret 4096',
      { kind: 'dioEnd', dioEnd: { dev: DEV, ino: 0x21083, pos: 0x1000, error: 0, ret: 4096 } }],
    ['a failed iomap_dio_complete',
      'iomap_dio_complete: dev 8:16 ino 0xc size 0x0 offset 0x0 flags DIRECT|WRITE aio 1 error -5 ret -5',
      { kind: 'dioEnd', dioEnd: { dev: makeDev(8, 16), ino: 12, pos: 0, error: -5, ret: -5 } }],
    ['iomap_dio_invalidate_fail',
      'iomap_dio_invalidate_fail: dev 254:0 ino 0x1f size 0x10000 offset 0x2000 length 0x1000',
      { kind: 'dioInvalidateFail', dioInvalidateFail: { dev: DEV, ino: 0x1f, pos: 0x2000, len: 0x1000 } }],
    ['mm_filemap_fault',
      'mm_filemap_fault: dev=254:0 ino=162298 ofs=8192',
      { kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: DEV, ino: 0x162298, index: 2, write: false } }],
    ['mm_filemap_map_pages, at its first page',
      'mm_filemap_map_pages: dev=7:0 ino=84 ofs=65536-131071',
      { kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: makeDev(7, 0), ino: 0x84, index: 16, write: false } }],
    ['mm_filemap_add_to_page_cache',
      'mm_filemap_add_to_page_cache: dev 254:0 ino 162298 pfn=0x132854 ofs=4096 order=0',
      { kind: 'pagecache', pagecache: { op: 'ADD', dev: DEV, ino: 0x162298, index: 1, order: 0 } }],
    ['mm_filemap_delete_from_page_cache',
      'mm_filemap_delete_from_page_cache: dev 254:0 ino 162297 pfn=0x12b4f0 ofs=0 order=4',
      { kind: 'pagecache', pagecache: { op: 'DELETE', dev: DEV, ino: 0x162297, index: 0, order: 4 } }],
    ['page_fault_user',
      'page_fault_user: address=0x5654cd9ea018 ip=0x7f2d5a3f2109 error_code=0x6',
      { kind: 'fault', fault: { source: 'USER', address: 0x5654cd9ea018n, ip: 0x7f2d5a3f2109n, errorCode: 6, dev: 0, ino: 0, index: 0, write: true } }],
    ['page_fault_kernel with a symbolic ip',
      'page_fault_kernel: address=0x7f2d5a357a10 ip=__put_user_4 error_code=0x3',
      { kind: 'fault', fault: { source: 'KERNEL', address: 0x7f2d5a357a10n, ip: 0n, errorCode: 3, dev: 0, ino: 0, index: 0, write: true } }],
    ['a read page_fault_user',
      'page_fault_user: address=0x1000 ip=0x2000 error_code=0x4',
      { kind: 'fault', fault: { source: 'USER', address: 0x1000n, ip: 0x2000n, errorCode: 4, dev: 0, ino: 0, index: 0, write: false } }],
    ['contention_begin',
      'contention_begin: ffff88811d8ac3b8 (flags=SPIN|WRITE)',
      { kind: 'contention', contention: { lockAddr: 0xffff88811d8ac3b8n, flags: 5, phase: 'BEGIN', ret: 0 } }],
    ['contention_end',
      'contention_end: ffff888627d2bcc0 (ret=-4)',
      { kind: 'contention', contention: { lockAddr: 0xffff888627d2bcc0n, flags: 0, phase: 'END', ret: -4 } }],
    ['mmap_lock_start_locking',
      'mmap_lock_start_locking: mm=ffff888102d97080 memcg_id=3401 write=false',
      { kind: 'mmapLock', mmapLock: { mm: 0xffff888102d97080n, write: false, phase: 'START', success: false } }],
    ['mmap_lock_acquire_returned',
      'mmap_lock_acquire_returned: mm=ffff888102d97080 memcg_id=3401 write=true success=true',
      { kind: 'mmapLock', mmapLock: { mm: 0xffff888102d97080n, write: true, phase: 'ACQUIRED', success: true } }],
    ['mmap_lock_released',
      'mmap_lock_released: mm=ffff888102d97080 memcg_id=1 write=true',
      { kind: 'mmapLock', mmapLock: { mm: 0xffff888102d97080n, write: true, phase: 'RELEASED', success: false } }],
    ['sched_process_exit',
      'sched_process_exit: comm=t pid=100 prio=120 group_dead=true',
      { kind: 'exit', exit: {} }],
  ])('reads %s', (_event, rest, body) => {
    const { results } = parseLines([at('5.000001', rest)]);
    expect(results).toEqual([{ ...COMMON, ...body }]);
  });

  it('reads sched_process_fork as a task event of the child, named after it', () => {
    const { results } = parseLines([at('5.000001', 'sched_process_fork: comm=s2 abba pid=100 child_comm=s2 abba child_pid=101')]);
    expect(results).toEqual([{ ts: 5_000_001_000, tid: 101, pid: 101, cpu: 1, comm: 's2 abba', kind: 'task', task: { parentTid: 100, comm: 's2 abba' } }]);
  });

  describe('a DIO takes its direction and buffer from the enclosing syscall', () => {
    const begin = 'iomap_dio_rw_begin: dev 254:0 ino 0x162297 size 0x10000 offset 0x0 length 0x1000 done_before 0x0 flags DIRECT dio_flags  aio 0';
    it.each([
      ['pwrite64', 'sys_pwrite64(fd: 4, buf: 0x7f1682809000, count: 0x1000, pos: 0)', true, 0x7f1682809000n],
      ['write', 'sys_write(fd: 4, buf: 7f0000001000, count: 1000)', true, 0x7f0000001000n],
      ['pwritev (no single buffer)', 'sys_pwritev(fd: 4, vec: 0x7ffd0000, vlen: 1, pos_l: 0, pos_h: 0)', true, 0n],
      ['pwritev2', 'sys_pwritev2(fd: 4, vec: 0x7ffd0000, vlen: 1, pos_l: 0, pos_h: 0, flags: 0)', true, 0n],
      ['pread64', 'sys_pread64(fd: 4, buf: 0x7f1682809000, count: 0x1000, pos: 0)', false, 0x7f1682809000n],
      ['read', 'sys_read(fd: 3, buf: 0x7f0000002000, count: 0x1000)', false, 0x7f0000002000n],
      ['preadv', 'sys_preadv(fd: 4, vec: 0x7ffd0000, vlen: 1, pos_l: 0, pos_h: 0)', false, 0n],
      ['preadv2', 'sys_preadv2(fd: 4, vec: 0x7ffd0000, vlen: 1, pos_l: 0, pos_h: 0, flags: 0)', false, 0n],
      ['pwrite64 in trace-cmd report form',
        'sys_enter_pwrite64:    fd: 0x00000004, buf: 0x7f1682809000, count: 0x00001000, pos: 0x00000000', true, 0x7f1682809000n],
    ])('%s', (_syscall, enter, write, buf) => {
      const { results, parser } = parseLines([at('5.000000', enter), at('5.000001', begin)]);
      expect(results[0]).toBeUndefined();
      expect(results[1]).toEqual({
        ...COMMON, kind: 'dioBegin',
        dioBegin: { dev: DEV, ino: 0x162297, pos: 0, len: 0x1000, write, aio: false, flags: 1 << 17, buf },
      });
      expect(parser.stats.directionUnknown).toBe(0);
    });

    it('is a write, counted as of unknown direction, without a syscall', () => {
      const { results, parser } = parseLines([
        at('4.000000', 'sys_pread64(fd: 4, buf: 0x7f1682809000, count: 0x1000, pos: 0)'),
        at('4.500000', 'sys_pread64 -> 0x1000'),
        at('5.000001', begin),
      ]);
      expect(results[2]).toMatchObject({ kind: 'dioBegin', dioBegin: { write: true, buf: 0n } });
      expect(parser.stats.directionUnknown).toBe(1);
    });

    it('is a write when the kernel flags it WRITE (aio, io_uring), without a syscall', () => {
      const { results, parser } = parseLines([at('5.000001', begin.replace('flags DIRECT', 'flags DIRECT|WRITE|AIO_RW').replace('aio 0', 'aio 1'))]);
      expect(results[0]).toMatchObject({ kind: 'dioBegin', dioBegin: { write: true, aio: true, flags: (1 << 17) | (1 << 18) | (1 << 23) } });
      expect(parser.stats.directionUnknown).toBe(0);
    });

    it('is not taken from another task\'s syscall', () => {
      const { results, parser } = parseLines([
        at('4.000000', 'sys_pread64(fd: 4, buf: 0x7f1682809000, count: 0x1000, pos: 0)', 200, 200),
        at('5.000001', begin),
      ]);
      expect(results[1]).toMatchObject({ dioBegin: { write: true, buf: 0n } });
      expect(parser.stats.directionUnknown).toBe(1);
    });
  });

  it.each([
    ['the TGID column', [at('1.000000', 'contention_end: ffff (ret=0)', 101, 100)], 100],
    ['the tid without a TGID column', ['  t-101 [001] 1.000000: contention_end: ffff (ret=0)'], 101],
    ['the tid when the TGID reads (-------)', ['  t-101 (-------) [001] 1.000000: contention_end: ffff (ret=0)'], 101],
    ['a TGID seen earlier for the tid', [
      at('1.000000', 'sys_mmap -> 0x7f0000000000', 101, 100),
      '  t-101 [001] 1.000001: contention_end: ffff (ret=0)',
    ], 100],
  ])('takes pid from %s', (_source, lines, pid) => {
    const { results } = parseLines(lines);
    expect(results.at(-1)).toMatchObject({ tid: 101, pid });
  });

  it('omits the comm of <...> tasks', () => {
    const { results } = parseLines(['   <...>-101   [001] 1.000000: contention_end: ffff (ret=0)']);
    expect(results[0]).not.toHaveProperty('comm');
  });

  it.each([
    ['after the fields the format reads', 't', 'mm_filemap_fault: dev=254:0 ino=1 ofs=4096 é', { kind: 'fault', fault: { index: 1 } }],
    ['in an address', 't', 'page_fault_user: address=0xé ip=0x10 error_code=0x6', { kind: 'fault', fault: { address: 0n, ip: 0x10n } }],
    ['in the comm', 'kwörker', 'contention_end: ffff (ret=0)', { comm: 'kwörker', kind: 'contention' }],
  ])('reads characters beyond ASCII %s as the RegExps of the formats do', (_where, comm, rest, expected) => {
    expect(parseLines([at('1.000000', rest).replace('t-100', `${comm}-100`)]).results[0]).toMatchObject(expected);
  });

  it('reads each line\'s pointers and addresses, of any length, as the line before changes', () => {
    const { results } = parseLines([
      at('1.000000', 'contention_end: ffff88811d8ac3b8 (ret=0)'),
      at('1.000001', 'contention_end: ffff88811d8ac3b0 (ret=0)'),
      at('1.000002', 'contention_end: 0xffff88811d8ac3b0 (ret=0)'),
      at('1.000003', 'mmap_lock_released: mm=ffff88811d8ac3b8 memcg_id=1 write=true'),
      at('1.000004', 'page_fault_kernel: address=0xffffffff81000000 ip=0x7f2d5a3f2109 error_code=0x3'),
      at('1.000005', 'page_fault_user: address=0x1fffffffffffff ip=0xABC error_code=0x4'),
    ]);
    expect(results.map((r) => {
      const event = r as { contention?: { lockAddr: bigint }; mmapLock?: { mm: bigint }; fault?: { address: bigint; ip: bigint } };
      return event.contention?.lockAddr ?? event.mmapLock?.mm ?? [event.fault?.address, event.fault?.ip];
    })).toEqual([
      0xffff88811d8ac3b8n, 0xffff88811d8ac3b0n, 0xffff88811d8ac3b0n, 0xffff88811d8ac3b8n,
      [0xffffffff81000000n, 0x7f2d5a3f2109n], [0x1fffffffffffffn, 0xabcn],
    ]);
  });

  it('reads a lost-events line as a lost event at the last timestamp', () => {
    const { results } = parseLines([at('7.000000', 'contention_end: ffff (ret=0)'), 'CPU:1 [LOST 42 EVENTS]', 'CPU:0 [7 EVENTS DROPPED]']);
    expect(results.slice(1)).toEqual([
      { ts: 7e9, tid: 0, pid: 0, cpu: 1, kind: 'lost', lost: { count: 42, source: 'ftrace' } },
      { ts: 7e9, tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count: 7, source: 'ftrace' } },
    ]);
  });

  it.each([
    ['a blank line', ''],
    ['the trace file header', '# tracer: nop'],
    ['a buffer-started marker', '##### CPU 1 buffer started ####'],
    ['trace-cmd report\'s cpus line', 'cpus=2'],
    ['trace-cmd report\'s version line', 'version = 6'],
    ['a syscall entry', at('1.000000', 'sys_openat(dfd: 0xffffff9c, filename: 0x5654cd9e4b60, flags: 0x241, mode: 0x1b6)')],
    ['a syscall exit', at('1.000000', 'sys_openat -> 0x3')],
    ['a trace-cmd syscall exit', at('1.000000', 'sys_exit_mmap:          0x7f0000000000')],
    ['an mmap entry', at('1.000000', 'sys_mmap(addr: 0, len: 0x1000, prot: 1, flags: 1, fd: 3, off: 0)')],
  ])('reads %s as nothing', (_what, line) => {
    expect(parseLines([line]).results).toEqual([undefined]);
  });

  it.each([
    ['an unknown event', at('1.000000', 'sched_switch: prev_comm=a prev_pid=1'), 'unknown event "sched_switch"'],
    ['a line of another shape', 'hello world', 'not an ftrace event line'],
    ['a known event with foreign fields', at('1.000000', 'mm_filemap_fault: page=1'), 'mm_filemap_fault: fields not in the kernel\'s format: "page=1"'],
    ['an unknown event shaped like a known one', at('1.000000', 'mm_filemap_faxlt: dev=254:0 ino=1 ofs=0'), 'unknown event "mm_filemap_faxlt"'],
    ['unknown ki_flags', at('1.000000', 'iomap_dio_rw_begin: dev 254:0 ino 0x1 size 0x0 offset 0x0 length 0x1000 done_before 0x0 flags WEIRD dio_flags  aio 0'), 'iomap_dio_rw_begin: fields not in the kernel\'s format'],
    ['a fork without its child', at('1.000000', 'sched_process_fork: comm=a pid=1'), 'sched_process_fork: expected'],
    ['fields with a character beyond ASCII where the format has a space', at('1.000000', 'mm_filemap_fault: dev=254:0\u00a0ino=1 ofs=4096'), 'mm_filemap_fault: fields not in the kernel\'s format'],
  ])('skips %s with a reason', (_what, line, reason) => {
    const [result] = parseLines([line]).results;
    expect(result).toMatchObject({ skip: expect.stringContaining(reason) });
  });
});

describe('createFtraceParser().parseAt', () => {
  it.each(['s1-aa-ext4', 's2-abba-full-ext4', 's3-ring-xfs'])('reads the lines of %s in place, with or without their bytes, as parse reads them one by one', (name) => {
    const text = readFileSync(new URL(`../../fixtures/ftrace/${name}.txt`, import.meta.url), 'utf8');
    const bytes = Buffer.from(text, 'latin1');
    expect(bytes.toString('latin1')).toBe(text);
    const lines = text.split('\n');
    const byLine = createFtraceParser();
    const inPlace = createFtraceParser();
    const fromBytes = createFtraceParser();
    let start = 0;
    lines.forEach((line, i) => {
      const end = start + line.length;
      const expected = byLine.parse(line, i + 1);
      expect(inPlace.parseAt(text, start, end, i + 1)).toStrictEqual(expected);
      expect(fromBytes.parseAt(text, start, end, i + 1, bytes)).toStrictEqual(expected);
      start = end + 1;
    });
    expect(inPlace.stats).toEqual(byLine.stats);
    expect(fromBytes.stats).toEqual(byLine.stats);
  });

  it('reads a line without looking past its end', () => {
    const text = `${at('5.000001', 'contention_end: ffff (ret=0)')}7)\n${at('5.000002', 'mm_filemap_fault: dev=254:0 ino=1 ofs=4096')}`;
    const parser = createFtraceParser();
    const end = text.indexOf('(ret=0)') + '(ret=0)'.length;
    expect(parser.parseAt(text, 0, end, 1)).toMatchObject({ kind: 'contention', contention: { ret: 0 } });
    expect(parser.parseAt(text, 0, end - 1, 1)).toMatchObject({ skip: expect.stringContaining('contention_end') });
    expect(parser.parseAt(text, end + 3, text.length, 2)).toMatchObject({ kind: 'fault', fault: { index: 1 } });
  });

  it('keeps the DIO flags right when they change from one DIO to the next', () => {
    const begin = (flags: string) => at('5.000001', `iomap_dio_rw_begin: dev 254:0 ino 0x1 size 0x0 offset 0x0 length 0x1000 done_before 0x0 flags ${flags} dio_flags  aio 0`);
    const { results } = parseLines([begin('DIRECT'), begin('DIRECT|WRITE'), begin(''), begin('DIRECT')]);
    expect(results.map((r) => (r as { dioBegin: { flags: number } }).dioBegin.flags)).toEqual([1 << 17, (1 << 17) | (1 << 18), 0, 1 << 17]);
  });
});
