import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { FindingList, listWindowStart } from '../../src/ui/finding-list.js';
import { aFinding, abba, pagecache } from '../helpers/ui-builders.js';
import { frameLines } from '../helpers/ui-frames.js';

const aa = aFinding('aa', [pagecache(12, 'ADD')], [{ tid: 900, comm: 'dio-mmap' }]);
const inversion = abba(12, 13);
const cycle = aFinding(
  'wait-cycle',
  [pagecache(1, 'BLOCK'), pagecache(2, 'BLOCK'), pagecache(3, 'BLOCK')],
  [{ tid: 1, comm: 't1' }, { tid: 2, comm: 't2' }, { tid: 3, comm: 't3' }],
);

describe('FindingList', () => {
  it('prints one line per finding: kind, locks, tasks', () => {
    const lines = frameLines(render(<FindingList findings={[aa, inversion]} selected={0} width={100} rows={5} />).lastFrame());
    expect(lines[1]).toBe('> aa  pagecache(254:0:12) add  [dio-mmap/900]');
    expect(lines[2]).toBe('  order-inversion  pagecache(254:0:12) block → pagecache(254:0:13) add  [ab/17242, ba/17243]');
  });

  it('names the other kinds of a cycle found once for several (alsoKinds)', () => {
    const merged = { ...cycle, alsoKinds: ['order-inversion'] as const };
    const lines = frameLines(render(<FindingList findings={[merged]} selected={0} width={120} rows={3} />).lastFrame());
    expect(lines[1]).toMatch(/^> wait-cycle \(also order-inversion\)  pagecache/);
  });

  it('marks the selected finding', () => {
    const lines = frameLines(render(<FindingList findings={[aa, inversion, cycle]} selected={1} width={100} rows={5} />).lastFrame());
    expect(lines.filter((l) => l.startsWith('>'))).toEqual([expect.stringContaining('order-inversion')]);
    expect(lines[0]).toContain('FINDINGS 3  selected 2 of 3');
  });

  it('says when there is nothing yet', () => {
    // The list holds its rows (blank below the title) so the key line stays at the foot.
    expect(frameLines(render(<FindingList findings={[]} selected={0} width={100} rows={3} />).lastFrame()).map((l) => l.trimEnd())).toEqual(['FINDINGS none yet', '', '']);
  });

  it('appends new findings and never rewrites a line already printed', () => {
    const view = render(<FindingList findings={[aa]} selected={0} width={100} rows={5} />);
    const first = frameLines(view.lastFrame())[1];
    // The engine hands out a new object for finding 0 (its count grew, a comm became known).
    const aaLater = { ...aa, count: 2, tasks: [{ tid: 900, comm: 'renamed' }] };
    view.rerender(<FindingList findings={[aaLater, inversion]} selected={0} width={100} rows={5} />);
    const lines = frameLines(view.lastFrame());
    expect(lines[1]).toBe(first);
    expect(lines[2]).toContain('order-inversion');
  });

  it('starts over when the list is replaced, as after a policy change', () => {
    const view = render(<FindingList findings={[aa, inversion]} selected={0} width={100} rows={5} />);
    const fdm = abba(12, 13, 'fdm');
    view.rerender(<FindingList findings={[fdm]} selected={0} width={100} rows={5} />);
    const lines = frameLines(view.lastFrame()).filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('order-inversion');
  });

  it('follows the newest findings while the selection is among them', () => {
    const many = Array.from({ length: 10 }, (_, i) => abba(100 + i, 200 + i));
    const lines = frameLines(render(<FindingList findings={many} selected={9} width={100} rows={4} />).lastFrame());
    expect(lines.slice(1).map((l) => /254:0:(\d+)/.exec(l)?.[1])).toEqual(['107', '108', '109']);
  });

  it('scrolls up to a selection above the newest findings', () => {
    const many = Array.from({ length: 10 }, (_, i) => abba(100 + i, 200 + i));
    const lines = frameLines(render(<FindingList findings={many} selected={2} width={100} rows={4} />).lastFrame());
    expect(lines[1]).toMatch(/^> order-inversion {2}pagecache\(254:0:102\)/);
  });

  it('cuts lines to the width', () => {
    const lines = frameLines(render(<FindingList findings={[cycle]} selected={0} width={40} rows={3} />).lastFrame());
    expect(lines[1]).toBe('> wait-cycle  pagecache(254:0:1) block …');
  });
});

describe('listWindowStart', () => {
  it.each([
    { count: 10, selected: 9, rows: 4, start: 6 },
    { count: 10, selected: 7, rows: 4, start: 6 },
    { count: 10, selected: 2, rows: 4, start: 2 },
    { count: 3, selected: 0, rows: 4, start: 0 },
    { count: 10, selected: 0, rows: 0, start: 0 },
  ])('starts a $rows-line window over $count lines with $selected selected at $start', ({ count, selected, rows, start }) => {
    expect(listWindowStart(count, selected, rows)).toBe(start);
  });
});
