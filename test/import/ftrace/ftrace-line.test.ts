import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createFtraceLineHead, type FtraceLineHead, parseFtraceLine, readFtraceLine, scanLine } from '../../../src/import/ftrace/ftrace-line.js';
import { createPrng } from '../../../src/gen/prng.js';
import { charBytesOf } from '../../../src/import/char-bytes.js';

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
    ['a carriage return in the comm', '  a\rb-1 [000] 1.000000: x: y'],
    ['a newline in the rest', '  a-1 [000] 1.000000: x: y\nz'],
    ['a line separator in the comm', '  a\u2028b-1 [000] 1.000000: x: y'],
    ['a comm of 65 characters', `  ${'c'.repeat(65)}-1 [000] 1.000000: x: y`],
    ['7 fractional digits', '  a-1 [000] 1.0000001: x: y'],
  ])('does not read a line with %s', (_what, line) => {
    expect(parseFtraceLine(line)).toBeUndefined();
  });
});

describe('readFtraceLine', () => {
  // Lines made of the pieces a head is read from, in shapes near the kernel's and far from it.
  const PIECES = [' ', '  ', '\t', '-', '--', '(', ')', '[', ']', '[000]', '[1]', '(  100)', '(-------)', '.....', 'd.s2',
    '12', '5973', '7', '.', ':', '518.743539', '9.100000123', '1.0000001', 'a', 'bash', 's2-abba', '<...>', 'x: y',
    'contention_end: ffff (ret=0)', '-5 [000] 1.000000: ', '\r', '\v', 'c'.repeat(40), 'é', 'kwörker', '\u00a0', '\u3000',
    '\u2028', '\u0080'];
  const heads = (seed: number, count: number): string[] => {
    const prng = createPrng(seed);
    return Array.from({ length: count }, () => {
      let line = prng.below(2) === 0 ? '    bash-5970    (   5970) [001] .....   518.737950: ev: x' : '';
      for (let n = prng.below(6); n > 0; n--) {
        const piece = PIECES[prng.below(PIECES.length)];
        const at = prng.below(line.length + 1);
        line = prng.below(3) === 0 ? line.slice(0, at) + line.slice(at + piece.length) : line.slice(0, at) + piece + line.slice(at);
      }
      return line;
    });
  };

  const read = (line: string, bytes?: Uint8Array): Omit<FtraceLineHead, 'comms'> | undefined => {
    const head = createFtraceLineHead();
    const commStart = line.length - line.trimStart().length;
    if (bytes === undefined ? !readFtraceLine(line, 0, line.length, head) : !scanLine(bytes, line, commStart, line.length, head)) return undefined;
    const { comms: _, ...fields } = head;
    return fields;
  };

  it('reads by hand, from its char-bytes, only what LINE reads from the text, and the same', () => {
    let byHand = 0;
    for (const line of heads(7, 20_000)) {
      const hand = read(line, charBytesOf(line));
      if (hand === undefined) continue;
      byHand++;
      expect([line, hand]).toEqual([line, read(line)]);
    }
    // Both kinds of line are drawn.
    expect(byHand).toBeGreaterThan(2_000);
    expect(byHand).toBeLessThan(18_000);
  });

  it.each(['s1-aa-ext4', 's2-abba-full-ext4', 's3-ring-xfs', 's2-abba-xfs'])('reads every event line of %s by hand', (name) => {
    const lines = readFileSync(new URL(`../../fixtures/ftrace/${name}.txt`, import.meta.url), 'utf8').split('\n').filter((line) => read(line) !== undefined);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect([line, read(line, charBytesOf(line))]).toEqual([line, read(line)]);
  });
});
