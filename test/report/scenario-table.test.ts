import { describe, expect, it } from 'vitest';
import { type ScenarioStep, scenarioTable } from '../../src/report/scenario-table.js';

const steps = (n: number, name: (i: number) => string): ScenarioStep[] => [
  ...Array.from({ length: n }, (_, i) => ({ column: i, name: name(i), mode: 'EXCLUSIVE' as const })),
  ...Array.from({ length: n }, (_, i) => ({ column: i, name: name((i + 1) % n), mode: 'SHARED' as const })),
];
const headers = (n: number): string[] => Array.from({ length: n }, (_, i) => `CPU${i}`);

describe('scenarioTable', () => {
  it.each([1, 2, 3, 5, 7])('puts each of %d tasks in its own column, under its header', (n) => {
    const lines = scenarioTable(headers(n), steps(n, (i) => `L${i}`));
    expect(lines[0].trim().split(/\s+/)).toEqual(headers(n));
    const starts = headers(n).map((h) => lines[1].indexOf('-'.repeat(h.length), lines[0].indexOf(h)));
    expect(starts).toEqual(headers(n).map((h) => lines[0].indexOf(h)));
    lines.slice(2).forEach((row, r) => {
      const column = r % n;
      expect(row.trimEnd()).toBe(`${' '.repeat(row.length - row.trimStart().length)}${r < n ? 'lock' : 'rlock'}(L${r < n ? column : (column + 1) % n});`);
      // a row sits left of the next column's header and right of the previous one's
      if (column + 1 < n) expect(row.length).toBeLessThan(lines[0].indexOf(`CPU${column + 1}`));
      if (column > 0) expect(row.length - row.trimStart().length).toBeGreaterThan(lines[0].indexOf(`CPU${column - 1}`));
    });
  });

  it('uses letters and a legend when names do not fit their columns', () => {
    const lines = scenarioTable(headers(3), steps(3, (i) => `pagecache(254:0:${2_164_945 + i})`));
    expect(lines.slice(0, 4)).toEqual([' where:', '  A = pagecache(254:0:2164945)', '  B = pagecache(254:0:2164946)', '  C = pagecache(254:0:2164947)']);
    expect(lines.filter((l) => l.includes('lock(A);'))).toHaveLength(2);
  });

  it('lists the steps one per line when there are too many tasks for columns', () => {
    const lines = scenarioTable(headers(9), steps(9, (i) => `L${i}`));
    expect(lines).toHaveLength(18);
    expect(lines[0]).toBe('  CPU0: lock(L0);');
    expect(lines[17]).toBe('  CPU8: rlock(L0);');
  });

  it.each([
    ['EXCLUSIVE', 'lock(X);'], ['SHARED', 'rlock(X);'], ['SHARED_RECURSIVE', 'rlock(X);'], ['ADD', 'lock_add(X);'], ['BLOCK', 'lock_block(X);'],
  ] as const)('writes a %s request as %s', (mode, cell) => {
    expect(scenarioTable(['t/1'], [{ column: 0, name: 'X', mode }])[2].trim()).toBe(cell);
  });
});
