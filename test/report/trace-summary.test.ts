import { describe, expect, it } from 'vitest';
import { makeDev } from '../../src/trace/dev.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { emptySummary, formatSummary, summarize } from '../../src/report/trace-summary.js';
import { DEV, event, inputInfo } from '../helpers/report-builders.js';

const OTHER_DEV = makeDev(8, 1);

/** S2-like: two tasks, two files on 254:0 and one on 8:1, a lost record. */
const TRACE: readonly TraceEvent[] = [
  event(5_000, 100, { kind: 'task', task: { parentTid: 1, comm: 'ab' } }),
  event(6_000, 101, { kind: 'task', task: { parentTid: 100, comm: 'ab' } }, 'ab'),
  event(7_000, 100, { kind: 'dioBegin', dioBegin: { dev: DEV, ino: 12, pos: 0, len: 4096, write: true, aio: false, flags: 0, buf: 0n } }),
  event(8_000, 100, { kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: DEV, ino: 13, index: 0, write: false } }),
  event(8_500, 100, { kind: 'fault', fault: { source: 'USER', address: 0x7f00n, ip: 0x401000n, errorCode: 6, dev: 0, ino: 0, index: 0, write: true } }),
  event(9_000, 100, { kind: 'pagecache', pagecache: { op: 'ADD', dev: DEV, ino: 13, index: 0, order: 0 } }),
  event(10_000, 100, { kind: 'dioEnd', dioEnd: { dev: DEV, ino: 12, pos: 4096, ret: 4096, error: 0 } }),
  event(11_000, 101, { kind: 'fileOp', fileOp: { op: 'REMAP', phase: 'BEGIN', dev: DEV, ino: 12, dev2: OTHER_DEV, ino2: 7, pos: 0, len: 4096, buf: 0n } }, 'cp'),
  event(12_000, 101, { kind: 'lost', lost: { count: 17, source: 'bpftrace' } }),
  event(4_000, 101, { kind: 'lock', lock: { op: 'ACQUIRE', lock: 1n, cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0 } }),
];

describe('summarize', () => {
  it('counts events per kind, tasks, files and lost events', () => {
    const s = summarize(emptySummary(), TRACE);
    expect(s.events).toBe(10);
    expect(s.kinds).toMatchObject({ task: 2, dioBegin: 1, dioEnd: 1, fault: 2, pagecache: 1, fileOp: 1, lost: 1, lock: 1, exit: 0 });
    expect(s.firstTs).toBe(4_000);
    expect(s.lastTs).toBe(12_000);
    expect(s.lost).toBe(17);
    expect([...s.tasks.values()]).toEqual([
      { tid: 100, pid: 100, comm: 'ab', events: 6 },
      { tid: 101, pid: 101, comm: 'cp', events: 4 },
    ]);
    expect(s.files.get(DEV)?.get(12)).toEqual({ dev: DEV, ino: 12, dio: 2, fault: 0, pagecache: 0, ops: 1 });
    expect(s.files.get(DEV)?.get(13)).toEqual({ dev: DEV, ino: 13, dio: 0, fault: 1, pagecache: 1, ops: 0 });
    expect(s.files.get(OTHER_DEV)?.get(7)).toEqual({ dev: OTHER_DEV, ino: 7, dio: 0, fault: 0, pagecache: 0, ops: 1 });
    expect(s.files.get(0)).toBeUndefined();
  });

  it.each([1, 2, 3, 7])('gives the same summary when the trace comes in batches of %d', (size) => {
    let s = emptySummary();
    for (let i = 0; i < TRACE.length; i += size) s = summarize(s, TRACE.slice(i, i + size));
    expect(s).toEqual(summarize(emptySummary(), TRACE));
  });

  it('has no time span before the first event', () => {
    const s = summarize(emptySummary(), []);
    expect([s.events, s.firstTs, s.lastTs]).toEqual([0, undefined, undefined]);
  });
});

describe('formatSummary', () => {
  const info = inputInfo({
    path: 'traces/s2.pb', format: 'pb', events: 10, lost: 17,
    header: { version: 1, collector: 'bpftrace', hostname: 'box', kernel: '6.18.0', startUnixNs: 1_741_142_004_000_000_000n, clock: 'monotonic', meta: { workload: 's2' } },
  });
  const text = formatSummary(summarize(emptySummary(), TRACE), info);

  it.each([
    ['the input', 'trace: traces/s2.pb (pb, complete, 0 skipped)'],
    ['the header', 'header: version 1, collector bpftrace, host box, kernel 6.18.0'],
    ['the clock and start', '  clock monotonic, started 2025-03-05T02:33:24.000Z'],
    ['the meta', '  meta: workload=s2'],
    ['the events, span and lost', '10 events from 0.000004000 to 0.000012000 (0.000008000 s), 17 lost'],
    ['a kind count', '  dioBegin                    1'],
    ['a task row', '       100      100  ab                        6'],
    ['the file table header', '  dev                 ino       dio     fault pagecache    fileop'],
    ['a file as major:minor', '  254:0                12         2         0         0         1'],
    ['a file on another device', '  8:1                   7         0         0         0         1'],
  ])('shows %s', (_name, line) => {
    expect(text.split('\n')).toContain(line);
  });

  it('lists only the kinds present, and keeps lines under 80 columns', () => {
    expect(text).not.toMatch(/^ {2}exit /m);
    expect(text.split('\n').filter((l) => l.length >= 80)).toEqual([]);
  });

  it('warns about an incomplete input with skipped lines', () => {
    const out = formatSummary(summarize(emptySummary(), TRACE), inputInfo({ complete: false, skipped: 2, skippedSamples: [{ line: 3, reason: 'bad' }] }));
    expect(out).toContain('warning: trace is incomplete: no footer');
    expect(out).toContain('warning: 2 lines skipped; first: line 3: bad');
    expect(out).toContain('(jsonl, incomplete, 2 skipped)');
  });

  it('says when the footer counts a different number of lost events', () => {
    expect(formatSummary(summarize(emptySummary(), TRACE), inputInfo({ lost: 20 }))).toContain('17 lost (footer: 20)');
  });
});
