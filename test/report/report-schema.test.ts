import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertValidReport, reportSchemaErrors } from '../helpers/report-schema.js';

const goldens = readdirSync('traces').filter((f) => f.endsWith('.golden.json')).sort();

function firstFinding(): Record<string, unknown> {
  const golden = JSON.parse(readFileSync('traces/s2-abba-overlap.golden.json', 'utf8')) as Record<string, { findings: Record<string, unknown>[] }>;
  return structuredClone(golden.naive) as unknown as Record<string, unknown>;
}

describe('schemas/report.schema.json', () => {
  it.each(goldens)('accepts every report of the golden %s', (name) => {
    const golden = JSON.parse(readFileSync(join('traces', name), 'utf8')) as Record<string, unknown>;
    for (const report of Object.values(golden)) expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('accepts the optional fields later versions add', () => {
    const report = firstFinding() as { findings: Record<string, unknown>[]; input: Record<string, unknown> };
    const f = report.findings[0] as { locks: Record<string, unknown>[]; edges: { heldAt: Record<string, unknown> }[] };
    Object.assign(report.findings[0], { qualification: 'feasible', gate: { cls: 'G', lock: '1' }, moreCycles: 2 });
    f.locks[0].path = '/mnt/test/A';
    f.edges[0].heldAt.stack = [{ addr: '0x401136', symbol: 'main', offset: 42, module: 'ab', file: 'ab.c', line: 41, text: 'main+0x2a (ab.c:41)' }];
    report.input.late = 3;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(reportSchemaErrors({ ...report, findings: [{ ...report.findings[0], kind: 'held-at-exit' }] })).toEqual([]);
  });

  it.each([
    ['a finding without edges', (f: Record<string, unknown>) => { delete f.edges; }],
    ['an unknown kind', (f: Record<string, unknown>) => { f.kind = 'deadlock'; }],
    ['an unknown mode', (f: Record<string, unknown>) => { (f.locks as Record<string, unknown>[])[0].mode = 'WRITE'; }],
    ['a numeric ts', (f: Record<string, unknown>) => { (f.events as Record<string, unknown>[])[0].ts = 5; }],
    ['an unknown field', (f: Record<string, unknown>) => { f.severity = 'high'; }],
  ])('rejects %s', (_what, spoil) => {
    const report = firstFinding() as { findings: Record<string, unknown>[] };
    spoil(report.findings[0]);
    expect(reportSchemaErrors(report)).not.toEqual([]);
    expect(() => assertValidReport(report)).toThrow(/does not match schemas\/report.schema.json/);
  });
});
