import { describe, expect, it } from 'vitest';
import { parseFtraceLine } from '../../../src/import/ftrace/ftrace-line.js';

describe('parseFtraceLine', () => {
  it.each([
    ['trace_pipe with TGID and irq flags',
      '         s2-abba-5973    (   5972) [001] .....   518.743539: iomap_dio_rw_begin: dev 254:0',
      { comm: 's2-abba', tid: 5973, tgid: 5972, cpu: 1, ts: 518_743_539_000 }],
    ['no TGID column',
      '            bash-5970    [001] d....   518.737622: page_fault_user: address=0x1',
      { comm: 'bash', tid: 5970, tgid: undefined, cpu: 1, ts: 518_737_622_000 }],
    ['an unknown TGID',
      '           <...>-77      (-------) [003] d..1.    12.000001: contention_end: ffff (ret=0)',
      { comm: undefined, tid: 77, tgid: undefined, cpu: 3, ts: 12_000_001_000 }],
    ['no irq-flags column',
      '            bash-5970    (   5970) [001]    518.737950: mmap_lock_released: mm=ffff',
      { comm: 'bash', tid: 5970, tgid: 5970, cpu: 1, ts: 518_737_950_000 }],
    ['4-character irq flags (older kernels)',
      '          <idle>-0       [000] d.s2  9.100000: contention_begin: ffff (flags=SPIN)',
      { comm: '<idle>', tid: 0, tgid: undefined, cpu: 0, ts: 9_100_000_000 }],
    ['a comm with spaces and dashes: the tid is after the last dash',
      '  my dio-tool -x-4242  (  4240) [002] .....   1.500000: mm_filemap_fault: dev=8:1 ino=c ofs=0',
      { comm: 'my dio-tool -x', tid: 4242, tgid: 4240, cpu: 2, ts: 1_500_000_000 }],
    ['a comm ending in digits',
      '     worker-7-12-900    [000] .....   2.000000: sched_process_exit: comm=worker-7-12 pid=900 prio=120',
      { comm: 'worker-7-12', tid: 900, tgid: undefined, cpu: 0, ts: 2_000_000_000 }],
    ['nanosecond timestamps (trace-cmd report -t)',
      '          s1-aa-11250 [000]   758.312666123: iomap_dio_rw_begin:   dev 7:0 ino 0x84',
      { comm: 's1-aa', tid: 11250, tgid: undefined, cpu: 0, ts: 758_312_666_123 }],
  ])('reads %s', (_shape, line, expected) => {
    expect(parseFtraceLine(line)).toMatchObject(expected);
  });

  it('keeps what follows the timestamp as the rest', () => {
    expect(parseFtraceLine('  a-1 [000] 1.000000: sys_pwrite64 -> 0x1000')?.rest).toBe('sys_pwrite64 -> 0x1000');
  });

  it.each([
    ['a header', '#           TASK-PID     CPU#     TIMESTAMP  FUNCTION'],
    ['a lost-events line', 'CPU:1 [LOST 12 EVENTS]'],
    ['a line without a timestamp', '  a-1 [000] ..... x: ev: y'],
    ['a counter-clock timestamp', '  a-1 [000] .....   123456789: ev: y'],
  ])('does not read %s as an event line', (_what, line) => {
    expect(parseFtraceLine(line)).toBeUndefined();
  });
});

describe('parseFtraceLine in unusual shapes', () => {
  it.each([
    ['a comm with a bracket', '  a[1]-5   [000] .....   1.000000: contention_end: ffff (ret=0)', { comm: 'a[1]', tid: 5, cpu: 0 }],
    ['a comm that looks like a line prefix: the longest comm that fits',
      '  x-1 [2] 3.000000: y-5   [000] .....   1.000000: contention_end: ffff (ret=0)', { comm: 'x-1 [2] 3.000000: y', tid: 5, cpu: 0 }],
    ['a comm of one space', '   -100   (  100) [001] .....   1.000000: contention_end: ffff (ret=0)', { comm: ' ', tid: 100, tgid: 100 }],
    ['a tab between the columns', '  a-5\t[000] .....   1.000000: contention_end: ffff (ret=0)', { comm: 'a', tid: 5, cpu: 0 }],
    ['a TGID of dashes', '  a-5 (-) [000] 1.000000: x: y', { comm: 'a', tid: 5, tgid: undefined }],
    ['a tid of more than 15 digits', '  a-1234567890123456789 [000] 1.000000: x: y', { tid: 1234567890123456789 }],
  ])('reads %s as the RegExp of the format does', (_shape, line, expected) => {
    expect(parseFtraceLine(line)).toMatchObject(expected);
  });

  it.each([
    ['a carriage return in the rest', '  a-1 [000] 1.000000: x: y\rz'],
    ['a line separator in the comm', '  a\u2028b-1 [000] 1.000000: x: y'],
    ['a comm of 65 characters', `  ${'c'.repeat(65)}-1 [000] 1.000000: x: y`],
    ['7 fractional digits', '  a-1 [000] 1.0000001: x: y'],
  ])('does not read a line with %s', (_what, line) => {
    expect(parseFtraceLine(line)).toBeUndefined();
  });
});
