import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/trace/errors.js';
import { TRACE_MAGIC } from '../../src/trace/trace-schema.js';
import { detectFormat } from '../../src/input/detect-format.js';

const text = (s: string) => Buffer.from(s);

describe('detectFormat', () => {
  it.each([
    ['the FLTRACE1 magic', Buffer.concat([TRACE_MAGIC, Buffer.from([0x12, 0x0a])]), 'pb'],
    ['a prefix of the magic (a cut trace)', text('FLTR'), 'pb'],
    ['the `trace` file header', text('# tracer: nop\n#\n# entries-in-buffer/entries-written: 3/3   #P:2\n'), 'ftrace'],
    ['a trace_pipe line with TGID and flags', text('           s1-aa-11215   (  11215) [001] .....   756.625783: iomap_dio_rw_begin: dev 254:0 ino 0xc\n'), 'ftrace'],
    ['a trace_pipe syscall line', text('           s1-aa-11215   (  11215) [001] .....   756.625783: sys_read -> 0x1\n'), 'ftrace'],
    ['a line without TGID, comm with spaces and dashes', text('  kworker/u8:2-x y-77 [000] d..1. 12.000001: lock_acquire: x\n'), 'ftrace'],
    ['trace-cmd report lines', text('cpus=2\n            bash-1234  [003]  1234.567890123: sched_process_fork: comm=bash\n'), 'ftrace'],
    ['comments, then an event line', text('#\n# comment\n  a-1 [000] 1.000001: mm_filemap_fault: dev 254:0\n'), 'ftrace'],
    ['a JSON object line', text('{"ts":"1","exit":{}}\n'), 'jsonl'],
    ['blank lines, then a JSON object', text('\n  \r\n{"exit":{}}'), 'jsonl'],
    ['a RAPID std line', text('T0|fork(T1)|1\n'), 'std'],
    ['a std line without location and other names', text('main|acq(l1)\n'), 'std'],
  ])('recognises %s', (_what, head, format) => {
    expect(detectFormat(head, 'in')).toBe(format);
  });

  it.each([
    ['random bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'in: unrecognised format: expected FLTRACE1 magic, ftrace text, jsonl or std lines, got ".PNG...."'],
    ['prose', text('hello world, this is not a trace at all, really not\n'), 'got "hello world, this is not a trace…"'],
    ['a comment then JSON', text('# x\n{"exit":{}}\n'), 'unrecognised format'],
    ['only blank lines', text('\n\n  \n'), 'in: empty input (only blank lines), expected a trace'],
  ])('rejects %s with an InputError naming what was found', (_what, head, message) => {
    expect(() => detectFormat(head, 'in')).toThrow(InputError);
    expect(() => detectFormat(head, 'in')).toThrow(message);
  });
});
