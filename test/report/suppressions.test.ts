import { describe, expect, it } from 'vitest';
import { applySuppressions, parseSuppressions } from '../../src/report/suppressions.js';
import { InputError } from '../../src/trace/errors.js';
import { aaFinding, abbaFinding, coherencyFinding, ringFinding } from '../helpers/report-builders.js';

describe('suppressions', () => {
  const findings = [aaFinding(), abbaFinding('order-inversion'), abbaFinding('wait-cycle'), ringFinding(), coherencyFinding()];

  it('match by kind, lock globs (each a different lock) and modes; count what they took and name what matched nothing', () => {
    const list = parseSuppressions([
      '# accepted',
      'order-inversion pagecache(*){block} pagecache(*){add}   # the AB/BA of the test suite',
      'coheren?y',
      'wait-cycle nosuch*',
      'aa pagecache(*) pagecache(*) pagecache(*)',
    ].join('\n'), 'known.supp');
    const result = applySuppressions(findings, list);
    // Line 2 takes both order inversions: the AB/BA and the ring (its locks are pagecache, held
    // in block and requested in add mode too).
    expect(result.suppressed.map((s) => [s.finding.kind, s.by.line])).toEqual([['order-inversion', 2], ['order-inversion', 2], ['coherency', 3]]);
    expect(result.kept.map((f) => f.kind)).toEqual(['aa', 'wait-cycle']);
    expect(result.unused.map((s) => s.line)).toEqual([4, 5]);
  });

  it('a mode that the finding never used does not match', () => {
    const list = parseSuppressions('order-inversion pagecache(*){excl*}\n', 'f');
    expect(applySuppressions([abbaFinding('order-inversion')], list).suppressed).toHaveLength(0);
  });

  it('a malformed line is an InputError naming the file and line, control characters escaped', () => {
    expect(() => parseSuppressions('aa\nORDER\u001b[31m x\n', 'bad.supp')).toThrow(InputError);
    expect(() => parseSuppressions('aa\nORDER\u001b[31m x\n', 'bad.supp')).toThrow(/bad\.supp: line 2: .*ORDER\\x1b\[31m/);
  });
});
