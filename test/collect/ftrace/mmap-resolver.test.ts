import { closeSync, fstatSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMmapResolver, type FdFile, type MmapResolver } from '../../../src/collect/ftrace/mmap-resolver.js';
import { kernelDevOfStDev } from '../../../src/collect/proc/fd-file.js';
import { parseFtraceLine } from '../../../src/import/ftrace/ftrace-line.js';
import { parseSyscallLine } from '../../../src/import/ftrace/ftrace-syscall.js';
import { createFtraceParser } from '../../../src/import/ftrace/ftrace-parser.js';
import { isSkip } from '../../../src/import/line-parser.js';
import type { TraceEvent } from '../../../src/trace/event.js';
import { makeDev } from '../../../src/trace/dev.js';

// A trace_pipe line (record-tgid) of task `tid` in process `pid` at `secs`.
const line = (pid: number, tid: number, secs: string, rest: string): string =>
  `           app-${tid}   (  ${pid}) [001] .....   ${secs}: ${rest}`;
const ENTER = (fd: string, flags = '1'): string => `sys_mmap(addr: 0, len: 0x2000, prot: 1, flags: ${flags}, fd: ${fd}, off: 0x1000)`;

// Hands an mmap syscall line to the resolver as the raw decoder hands it the records.
function observe(resolver: MmapResolver, text: string): TraceEvent | undefined {
  const line = parseFtraceLine(text);
  const call = line === undefined ? undefined : parseSyscallLine(line.rest);
  if (line === undefined || call?.name !== 'mmap') return undefined;
  if (call.phase === 'enter') {
    const arg = (name: string): bigint => call.args.get(name) ?? 0n;
    resolver.mmapEnter(line.tid, arg('fd'), arg('flags'), Number(arg('len')), Number(arg('off')));
    return undefined;
  }
  const ret = BigInt(line.rest.slice(line.rest.indexOf('-> ') + 3));
  const place = { ts: line.ts, tid: line.tid, pid: line.tgid ?? line.tid, cpu: line.cpu, ...(line.comm === undefined ? {} : { comm: line.comm }) };
  return resolver.mmapExit(place, ret);
}

// Feeds lines through the resolver and the ftrace parser as the ftrace collector does.
function run(lines: readonly string[], statFd: (pid: number, fd: number) => FdFile | undefined): TraceEvent[] {
  const resolver = createMmapResolver(statFd);
  const parser = createFtraceParser();
  const out: TraceEvent[] = [];
  lines.forEach((text, i) => {
    const mapping = observe(resolver, text);
    if (mapping !== undefined) out.push(mapping);
    const result = parser.parse(text, i + 1);
    if (result === undefined || isSkip(result)) return;
    out.push(result);
    const late = resolver.afterEvent(result);
    if (late !== undefined) out.push(late);
  });
  return out;
}

const mappings = (events: readonly TraceEvent[]): TraceEvent[] => events.filter((e) => e.kind === 'mapping');

describe('createMmapResolver', () => {
  it('names the file of an mmap from /proc/PID/fd of a live process (this one)', () => {
    const fd = openSync(new URL(import.meta.url), 'r');
    try {
      const st = fstatSync(fd);
      const events = run([
        line(process.pid, process.pid, '10.000001', ENTER(`0x${fd.toString(16)}`)),
        line(process.pid, process.pid, '10.000002', 'sys_mmap -> 0x7f0000001000'),
      ], ((pid, n) => (pid === process.pid && n === fd ? { dev: kernelDevOfStDev(st.dev), ino: st.ino } : undefined)));
      expect(mappings(events)).toEqual([expect.objectContaining({
        ts: 10_000_002_000, tid: process.pid, pid: process.pid,
        mapping: { start: 0x7f0000001000n, len: 0x2000, dev: kernelDevOfStDev(st.dev), ino: st.ino, offset: 0x1000 },
      })]);
    } finally {
      closeSync(fd);
    }
  });

  it('reads /proc by default', () => {
    const fd = openSync(new URL(import.meta.url), 'r');
    try {
      const st = fstatSync(fd);
      const resolver = createMmapResolver();
      observe(resolver, line(process.pid, process.pid, '1.000001', ENTER(`0x${fd.toString(16)}`)));
      const event = observe(resolver, line(process.pid, process.pid, '1.000002', 'sys_mmap -> 0x7f0000001000'));
      expect(event?.kind === 'mapping' && event.mapping).toMatchObject({ dev: kernelDevOfStDev(st.dev), ino: st.ino });
    } finally {
      closeSync(fd);
    }
  });

  it.each([
    ['an anonymous mapping (fd -1)', ENTER('0xffffffff', '0x22'), 'sys_mmap -> 0x7f0000001000'],
    ['MAP_ANONYMOUS with an fd', ENTER('3', '0x22'), 'sys_mmap -> 0x7f0000001000'],
    ['a failed mmap (-EBADF)', ENTER('3'), 'sys_mmap -> 0xfffffffffffffff7'],
  ])('makes no mapping of %s', (_, enter, exit) => {
    const events = run([line(7, 7, '1.000001', enter), line(7, 7, '1.000002', exit)], () => ({ dev: 1, ino: 2 }));
    expect(mappings(events)).toEqual([]);
  });

  it('names an mmap whose fd is gone by the FILE fault of a DIO from its buffer, at the time of the mmap', () => {
    const dev = makeDev(254, 0);
    const events = run([
      line(7, 8, '1.000001', ENTER('3')),
      line(7, 8, '1.000002', 'sys_mmap -> 0x7f0000001000'),
      line(7, 8, '1.000003', 'sys_pwrite64(fd: 4, buf: 7f0000002000, count: 1000, pos: 0)'),
      line(7, 8, '1.000004', 'iomap_dio_rw_begin: dev 254:0 ino 0x10 size 0x10000 offset 0x0 length 0x1000 done_before 0x0 flags DIRECT dio_flags  aio 0'),
      line(7, 8, '1.000005', 'mm_filemap_fault: dev=254:0 ino=20 ofs=8192'),
    ], () => undefined);
    expect(mappings(events)).toEqual([expect.objectContaining({
      ts: 1_000_002_000, tid: 8, pid: 7,
      mapping: { start: 0x7f0000001000n, len: 0x2000, dev, ino: 0x20, offset: 0x1000 },
    })]);
  });

  it('leaves an mmap unnamed when the fault is at another page of the file', () => {
    const events = run([
      line(7, 8, '1.000001', ENTER('3')),
      line(7, 8, '1.000002', 'sys_mmap -> 0x7f0000001000'),
      line(7, 8, '1.000003', 'page_fault_user: address=0x7f0000001000 ip=0x401000 error_code=0x4'),
      line(7, 8, '1.000004', 'mm_filemap_fault: dev=254:0 ino=20 ofs=1048576'),
    ], () => undefined);
    expect(mappings(events)).toEqual([]);
  });
});
