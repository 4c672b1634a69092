import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/event.js';
import { isSkip, type LineResult } from '../../src/import/line-parser.js';
import { createStdParser } from '../../src/import/std-parser.js';

function parseAll(lines: readonly string[]): LineResult[] {
  const parser = createStdParser();
  return lines.map((line, i) => parser.parse(line, i + 1));
}

const lock = (tid: number, op: 'ACQUIRE' | 'RELEASE', id: bigint, name: string, line: number): TraceEvent => ({
  ts: line * 1000, tid, pid: 1, cpu: 0, comm: `T${tid}`, kind: 'lock',
  lock: { op, lock: id, cls: name, mode: 'EXCLUSIVE', try: false, subclass: 0, name },
});

describe('createStdParser', () => {
  it('reads a small ABBA program: forks, nested acquires in opposite orders, joins', () => {
    const results = parseAll(readFileSync(new URL('../../traces/rapid-abba.std', import.meta.url), 'utf8').trimEnd().split('\n'));
    expect(results).toEqual([
      { ts: 1000, tid: 1, pid: 1, cpu: 0, comm: 'T1', kind: 'task', task: { parentTid: 0, comm: 'T1' } },
      { ts: 2000, tid: 2, pid: 1, cpu: 0, comm: 'T2', kind: 'task', task: { parentTid: 0, comm: 'T2' } },
      lock(1, 'ACQUIRE', 1n, 'l1', 3),
      lock(1, 'ACQUIRE', 2n, 'l2', 4),
      undefined,
      lock(1, 'RELEASE', 2n, 'l2', 6),
      lock(1, 'RELEASE', 1n, 'l1', 7),
      lock(2, 'ACQUIRE', 2n, 'l2', 8),
      lock(2, 'ACQUIRE', 1n, 'l1', 9),
      undefined,
      lock(2, 'RELEASE', 1n, 'l1', 11),
      lock(2, 'RELEASE', 2n, 'l2', 12),
      { ts: 13000, tid: 0, pid: 1, cpu: 0, comm: 'T0', kind: 'join', join: { joinedTid: 1 } },
      { ts: 14000, tid: 0, pid: 1, cpu: 0, comm: 'T0', kind: 'join', join: { joinedTid: 2 } },
    ]);
  });

  it('accepts the two-field form without a location', () => {
    expect(parseAll(['T3|acq(m)', 'T3|rel(m)'])).toEqual([lock(3, 'ACQUIRE', 1n, 'm', 1), lock(3, 'RELEASE', 1n, 'm', 2)]);
  });

  it('interns lock names to ids 1, 2, 3 in order of first appearance', () => {
    const ids = parseAll(['T1|acq(z)|1', 'T1|acq(a)|2', 'T1|rel(z)|3', 'T1|acq(q)|4'])
      .map((r) => (r !== undefined && !isSkip(r) && r.kind === 'lock' ? r.lock.lock : undefined));
    expect(ids).toEqual([1n, 2n, 1n, 3n]);
  });

  it('gives other thread names dense tids above the highest seen, deterministically', () => {
    const tids = parseAll(['T5|acq(a)|1', 'main|fork(worker)|2', 'worker|acq(a)|3', 'T7|rel(a)|4', 'other|acq(b)|5'])
      .map((r) => (r !== undefined && !isSkip(r) ? r.tid : undefined));
    // main is 6, worker 7; T7 then finds 7 taken and gets 8; other gets 9.
    expect(tids).toEqual([5, 7, 7, 8, 9]);
  });

  it('moves a T<n> whose number an earlier name took to the next free tid', () => {
    const tids = parseAll(['main|acq(a)|1', 'T0|acq(b)|2']).map((r) => (r !== undefined && !isSkip(r) ? r.tid : undefined));
    expect(tids).toEqual([0, 1]);
  });

  it('keeps the synthetic ts monotonic by line number', () => {
    const ts = parseAll(['T1|acq(a)|99', '', 'T1|rel(a)|1']).map((r) => (r !== undefined && !isSkip(r) ? r.ts : undefined));
    expect(ts).toEqual([1000, undefined, 3000]);
  });

  it.each([
    ['no op', 'T1', 'expected "thread|op(arg)|location", got "T1"'],
    ['no parentheses', 'T1|acq|3', 'expected "thread|op(arg)|location"'],
    ['too many fields', 'T1|acq(l)|3|4', 'expected "thread|op(arg)|location"'],
    ['an empty argument', 'T1|acq()|3', 'acq() needs an argument'],
    ['an unknown operation', 'T1|lock(l)|3', 'unknown operation "lock"'],
  ])('skips a line with %s', (_what, line, reason) => {
    const [result] = parseAll([line]);
    expect(result !== undefined && isSkip(result) && result.skip).toContain(reason);
  });

  it.each(['T2|r(x)|3', 'T2|w(x)|4', '   '])('ignores %j', (line) => {
    expect(parseAll([line])).toEqual([undefined]);
  });
});
