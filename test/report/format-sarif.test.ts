import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/report/format-sarif.js';
import { parseSuppressions } from '../../src/report/suppressions.js';
import { aaFinding, abbaFinding, coherencyFinding, report } from '../helpers/report-builders.js';
import { sarifErrors } from '../helpers/sarif-validate.js';

describe('formatSarif', () => {
  it('locates a result at the source line of a frame that names file:line, and validates', () => {
    const base = abbaFinding('order-inversion');
    const frames = [{ pid: 7, addr: 0x401136n, symbol: 'worker', offset: 42, module: 'ab', file: 'ab.c', line: 41 }];
    const withFrames = { ...base, edges: base.edges.map((e) => ({ ...e, requestedAt: { ...e.requestedAt, frames } })) };
    const log = formatSarif([{ report: report([withFrames]), suppressed: [] }], { version: '0.1.0' }) as any;
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'ab.c' }, region: { startLine: 41 } });
  });

  it('without source lines: the trace file and the locks as logical locations; suppressed results carry their suppression', () => {
    const [line] = parseSuppressions('coherency *\n', 'known.supp');
    const log = formatSarif([{ report: report([aaFinding()]), suppressed: [{ finding: coherencyFinding(), by: line }] }], { version: '0.1.0' }) as any;
    expect(sarifErrors(log)).toEqual([]);
    const [aa, hazard] = log.runs[0].results;
    expect(aa.locations[0].logicalLocations.length).toBeGreaterThan(0);
    expect(aa.level).toBe('error');
    expect(hazard.level).toBe('warning');
    expect(hazard.suppressions).toEqual([{ kind: 'external', justification: 'known.supp:1: coherency *' }]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['aa', 'coherency']);
  });
});
