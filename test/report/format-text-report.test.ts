import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/detect/finding.js';
import { formatTextReport } from '../../src/report/format-text-report.js';
import { taskLabel } from '../../src/report/labels.js';
import {
  T1, T2, aaFinding, abbaFinding, badUnlockFinding, coherencyFinding, finding, inputInfo, pagecache, report, ringFinding, userLock,
} from '../helpers/report-builders.js';

const text = (f: Finding): string => formatTextReport(report([f]));
const lines = (s: string): string[] => s.split('\n');

/** The table rows after the "----" underline, up to the blank line before *** DEADLOCK ***. */
function table(s: string): { header: string; rows: string[] } {
  const all = lines(s);
  const under = all.findIndex((l) => /^\s+-+(\s+-+)*$/.test(l) && !/^-+$/.test(l));
  const end = all.indexOf('', under);
  return { header: all[under - 1], rows: all.slice(under + 1, end) };
}

const indentOf = (l: string): number => l.length - l.trimStart().length;

describe('formatTextReport', () => {
  it.each([
    ['aa', aaFinding(), 'WARNING: possible recursive locking detected'],
    ['2-task order-inversion', abbaFinding('order-inversion'), 'WARNING: possible circular locking dependency detected'],
    ['3-task order-inversion', ringFinding(), 'WARNING: possible circular locking dependency detected'],
    ['wait-cycle', abbaFinding('wait-cycle'), 'WARNING: circular locking deadlock in this interleaving'],
    ['bad-unlock', badUnlockFinding(), 'WARNING: bad unlock balance detected!'],
    ['coherency', coherencyFinding(), 'WARNING: page cache coherency hazard'],
  ])('frames a %s finding with its title between lockdep rules', (_name, f, title) => {
    const out = lines(text(f));
    const i = out.indexOf(title);
    expect(i).toBeGreaterThan(0);
    expect(out[i - 1]).toMatch(/^=+$/);
    expect(out[i + 1]).toContain(`policy ${f.policy}`);
    expect(out[i + 2]).toMatch(/^-+$/);
  });

  it.each([
    ['aa', aaFinding()],
    ['2-task order-inversion', abbaFinding('order-inversion')],
    ['3-task order-inversion', ringFinding()],
    ['wait-cycle', abbaFinding('wait-cycle')],
  ])('names both acquisition sites of every edge of a %s finding and ends in *** DEADLOCK ***', (_name, f) => {
    const out = text(f);
    for (const e of f.edges) {
      expect(out).toMatch(new RegExp(`event #${e.heldAt.index}\\b`));
      expect(out).toMatch(new RegExp(`event #${e.requestedAt.index}\\b`));
    }
    expect(out).toContain(' Possible unsafe locking scenario:');
    expect(out).toContain(' *** DEADLOCK ***');
  });

  it.each([
    ['2-task order-inversion', abbaFinding('order-inversion')],
    ['3-task order-inversion', ringFinding()],
    ['wait-cycle', abbaFinding('wait-cycle')],
  ])('draws the %s scenario with one column per task', (_name, f) => {
    const { header, rows } = table(text(f));
    const starts = f.edges.map((e) => header.indexOf(taskLabel(e.task.tid, e.task.comm)));
    expect(starts.every((x) => x >= 0)).toBe(true);
    expect(new Set(starts).size).toBe(f.edges.length);
    // Every task takes its first lock and requests its second: two rows per column.
    expect(rows).toHaveLength(2 * f.edges.length);
    const columns = rows.map(indentOf);
    expect(new Set(columns).size).toBe(f.edges.length);
    for (const c of new Set(columns)) expect(columns.filter((x) => x === c)).toHaveLength(2);
  });

  it('writes each chain entry as "acquired at event #i by comm/tid while holding L (acquired at event #j)"', () => {
    const out = text(abbaFinding('order-inversion')).replace(/\n\s+/g, ' ');
    expect(out).toContain('-> #1 (pagecache(254:0:13)){add}: acquired at event #4 (1.000004000) by t1/101 while holding '
      + 'pagecache(254:0:12){block} (acquired at event #3)');
    expect(out).toContain('-> #0 (pagecache(254:0:12)){add}: acquired at event #8 (1.000008000) by t2/102 while holding '
      + 'pagecache(254:0:13){block} (acquired at event #7)');
    expect(out).toContain('t2/102 is trying to acquire lock: pagecache(254:0:12){add}');
    expect(out).toContain('but task is already holding lock: pagecache(254:0:13){block}');
  });

  it('says a wait-for cycle is requested, not acquired, and orders its scenario as the trace did', () => {
    const f = finding('wait-cycle', [
      { task: T1, held: pagecache(12, 'BLOCK'), heldAt: 3, requested: pagecache(13, 'ADD'), requestedAt: 9 },
      { task: T2, held: pagecache(13, 'BLOCK'), heldAt: 4, requested: pagecache(12, 'ADD'), requestedAt: 5 },
    ]);
    const out = text(f);
    expect(out).toContain('requested at event #9');
    expect(out).not.toContain('acquired at event #9');
    const { rows } = table(out);
    expect(rows.map((r) => r.trim())).toEqual([
      'lock_block(pagecache(254:0:12));', 'lock_block(pagecache(254:0:13));',
      'lock_add(pagecache(254:0:12));', 'lock_add(pagecache(254:0:13));',
    ]);
  });

  it('says once that a wait-cycle is also a lock-order inversion, and only when it is', () => {
    const merged = lines(text(abbaFinding('wait-cycle', { alsoKinds: ['order-inversion'] })));
    expect(merged.filter((l) => l.startsWith('this cycle is also a lock-order inversion'))).toHaveLength(1);
    expect(lines(text(abbaFinding('wait-cycle'))).join('\n')).not.toContain('also a lock-order inversion');
  });

  it('puts the closing edge last (#0) whatever order the edges come in', () => {
    const f = abbaFinding('order-inversion');
    const reversed: Finding = { ...f, edges: [f.edges[1], f.edges[0]] };
    expect(text(reversed)).toBe(text(f));
  });

  it('writes "Chain exists of" for three tasks, in dependency order', () => {
    const out = text(ringFinding());
    expect(out).toContain('Chain exists of:\n  pagecache(254:0:12) --> pagecache(254:0:13) --> pagecache(254:0:14)\n');
    expect(text(abbaFinding('order-inversion'))).not.toContain('Chain exists of');
  });

  it('shows stack frames in hex, one per line, indented under their entry', () => {
    const f = finding('order-inversion', [
      { task: T1, held: pagecache(12, 'BLOCK'), heldAt: 3, requested: pagecache(13, 'ADD'), requestedAt: 4, stack: [0xffffffff81234567n, 0xffffffff8100abcdn] },
      { task: T2, held: pagecache(13, 'BLOCK'), heldAt: 7, requested: pagecache(12, 'ADD'), requestedAt: 8 },
    ]);
    const out = lines(text(f));
    const frame = out.indexOf('       0xffffffff81234567');
    expect(frame).toBeGreaterThan(0);
    expect(out[frame + 1]).toBe('       0xffffffff8100abcd');
    expect(out.join('\n')).toContain('was acquired by the same task here:');
  });

  it.each([[1, false], [2, true], [17, true]])('says "found N times" only when count is above one (count %d)', (count, shown) => {
    expect(text(aaFinding({ count })).includes(`found ${count} times`)).toBe(shown);
  });

  it('uses CPU0, CPU1 columns when one task makes every edge (lockdep semantics)', () => {
    const f = finding('order-inversion', [
      { task: T1, held: userLock(1n, 'EXCLUSIVE', 'A'), heldAt: 1, requested: userLock(2n, 'EXCLUSIVE', 'B'), requestedAt: 2 },
      { task: T1, held: userLock(2n, 'EXCLUSIVE', 'B'), heldAt: 5, requested: userLock(1n, 'EXCLUSIVE', 'A'), requestedAt: 6 },
    ], { semantics: 'lockdep' });
    const { header, rows } = table(text(f));
    expect(header).toMatch(/CPU0\s+CPU1/);
    expect(rows.map((r) => r.trim())).toEqual(['lock(A);', 'lock(B);', 'lock(B);', 'lock(A);']);
  });

  it('adds lockdep\'s nesting hint to an AA under lockdep semantics only', () => {
    expect(text(aaFinding({ semantics: 'lockdep' }))).toContain('May be due to missing lock nesting notation');
    expect(text(aaFinding())).not.toContain('nesting');
  });

  it('names the lock and the place of a bad unlock, with the detail', () => {
    const out = text(badUnlockFinding());
    expect(out).toContain('t1/101 is trying to release lock (inode_lock) at:\n event #11 (1.000011000)\n       0xffffffff81000010\n');
    expect(out).toContain('but there are no more locks to release!');
    expect(out).toContain('release of a lock the task does not hold');
  });

  it('names the file, the detail and the events of a coherency hazard', () => {
    const out = text(coherencyFinding());
    expect(out).toContain(' pagecache(254:0:12){add}');
    expect(out).toContain('inside the in-flight DIO write');
    expect(out).toContain(' event #1 (1.000001000) by s1/100\n event #3 (1.000003000) by s1/100');
  });

  it.each([
    ['clean input', [], 'no deadlocks found'],
    ['one AA', [aaFinding()], '1 finding (aa: 1)'],
    ['mixed', [ringFinding(), aaFinding(), abbaFinding('order-inversion')], '3 findings (aa: 1, order-inversion: 2)'],
  ])('ends with a summary line (%s)', (_name, findings, last) => {
    const out = lines(formatTextReport(report(findings)));
    expect(out[out.length - 1]).toBe('');
    expect(out[out.length - 2]).toBe(last);
  });

  it('starts with a header naming the input, policy, semantics, events and lost', () => {
    const out = lines(formatTextReport(report([], { policy: 'fdm', input: inputInfo({ events: 3331, lost: 5 }) })));
    expect(out[0]).toBe('traces/s2.jsonl (jsonl): policy fdm, semantics predictive, 3331 events, 5 lost');
  });

  it.each([
    [5, 'no deadlocks found; 5 events lost: findings may be missing'],
    [1, 'no deadlocks found; 1 event lost: findings may be missing'],
    [0, 'no deadlocks found'],
  ])('says in the verdict that findings may be missing when %i events were lost', (lost, verdict) => {
    const out = lines(formatTextReport(report([], { input: inputInfo({ lost }) })));
    expect(out.filter((l) => l !== '').at(-1)).toBe(verdict);
  });

  it.each([
    ['incomplete', inputInfo({ complete: false }), ['warning: trace is incomplete: no footer, read up to the last whole record']],
    ['skipped lines', inputInfo({ skipped: 2, skippedSamples: [{ line: 4, reason: 'bad JSON' }, { line: 9, reason: 'no kind' }] }),
      ['warning: 2 lines skipped; first: line 4: bad JSON', '         line 9: no kind']],
    ['skipped records', inputInfo({ format: 'pb', skipped: 1, skippedSamples: [{ offset: 812, reason: 'bad length' }] }),
      ['warning: 1 record skipped; first: offset 812: bad length']],
  ])('warns about an input with %s', (_name, input, warnings) => {
    const out = lines(formatTextReport(report([], { input })));
    expect(out.slice(1, 1 + warnings.length)).toEqual(warnings);
  });

  it('names at most five skipped lines', () => {
    const skippedSamples = Array.from({ length: 8 }, (_, i) => ({ line: i + 1, reason: 'bad' }));
    const out = formatTextReport(report([], { input: inputInfo({ skipped: 40, skippedSamples }) }));
    expect(out).toContain('40 lines skipped; first: line 1: bad');
    expect(out).toContain('line 5: bad');
    expect(out).not.toContain('line 6: bad');
  });

  it('keeps every line under 80 columns, even with long paths, names, comms and many tasks', () => {
    const longName = 'a_very_long_lock_symbol_name_from_some_driver_that_goes_on_and_on_for_a_while';
    const many = Array.from({ length: 9 }, (_, i) => ({
      task: { tid: 4_000_000 + i, comm: `worker-thread-${i}` },
      held: pagecache(2_164_945 + i, 'BLOCK'), heldAt: 10 * i, requested: pagecache(2_164_945 + ((i + 1) % 9), 'ADD'), requestedAt: 10 * i + 1,
    }));
    const findings = [
      aaFinding({ count: 12345 }), abbaFinding('order-inversion'), abbaFinding('wait-cycle'), ringFinding(), badUnlockFinding(), coherencyFinding(),
      finding('order-inversion', many),
      finding('order-inversion', [
        { task: { tid: 1234567, comm: 'averyveryverylongcommname' }, held: userLock(0xffff888012345678n, 'SHARED', longName), heldAt: 1,
          requested: userLock(2n, 'SHARED_RECURSIVE', undefined, 'rwlock_class_with_a_long_name'), requestedAt: 2 },
        { task: T2, held: userLock(2n, 'SHARED_RECURSIVE', undefined, 'rwlock_class_with_a_long_name'), heldAt: 3,
          requested: userLock(0xffff888012345678n, 'EXCLUSIVE', longName), requestedAt: 4 },
      ]),
    ];
    const input = inputInfo({
      path: `/var/tmp/${'deep/'.repeat(20)}trace.pb`, format: 'pb', complete: false, skipped: 3,
      skippedSamples: [{ offset: 1, reason: `expected a Record, got ${'garbage '.repeat(20)}` }],
    });
    for (const semantics of ['predictive', 'lockdep'] as const) {
      const out = lines(formatTextReport(report(findings, { input, semantics })));
      const long = out.filter((l) => l.length >= 80);
      expect(long).toEqual([]);
    }
  });

  it('replaces long lock names by letters with a legend when a three-task table would overflow', () => {
    const out = text(ringFinding());
    expect(out).toContain(' where:\n  A = pagecache(254:0:12)\n  B = pagecache(254:0:13)\n  C = pagecache(254:0:14)\n');
    expect(table(out).rows.map((r) => r.trim())).toEqual([
      'lock_block(A);', 'lock_block(B);', 'lock_block(C);', 'lock_add(B);', 'lock_add(C);', 'lock_add(A);',
    ]);
  });
});
