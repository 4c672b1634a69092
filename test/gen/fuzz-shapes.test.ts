import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CYCLE_LOCKS } from '../../src/detect/cycle-search.js';
import type { Semantics } from '../../src/detect/finding.js';
import { fuzzShapeFindings, fuzzShapeLines, type FuzzShape } from '../../src/gen/fuzz-shapes.js';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import { checkInput } from '../../src/replay/check-input.js';
import { traceTempDir } from '../helpers/trace-files.js';

const tmp = traceTempDir();
afterAll(() => tmp.remove());

// The shape at size n checked under every policy with `semantics`: the kinds found, per policy.
async function check(shape: FuzzShape, n: number, semantics: Semantics) {
  const path = tmp.path(`${shape}-${n}.std`);
  writeFileSync(path, `${[...fuzzShapeLines(shape, n)].join('\n')}\n`);
  const result = await checkInput(await openInput(path), POLICY_NAMES, semantics);
  return result.results.map((r) => ({ kinds: r.findings.map((f) => f.kind), stops: r.notes.searchStops }));
}

describe('fuzz shapes of the scale bench (small sizes; the bench runs them at full size)', () => {
  it.each([
    ['many-tasks', 5000], ['deep-hold', 1000], ['chain', 3000], ['cycle', 300], ['cycle', MAX_CYCLE_LOCKS], ['fork-join', 3000],
  ] as [FuzzShape, number][])('%s of %i: the findings the shape promises, under every policy and semantics', async (shape, n) => {
    for (const semantics of ['instance', 'predictive', 'lockdep'] as const) {
      const bound = semantics === 'predictive' ? MAX_CYCLE_LOCKS : Infinity;
      const expected = Array.from({ length: fuzzShapeFindings(shape, n, bound) }, () => 'order-inversion');
      for (const policy of await check(shape, n, semantics)) expect(policy.kinds, `${semantics}`).toEqual(expected);
    }
  }, 60_000);

  it('finds the cycle through all the locks, and says the predictive search was cut', async () => {
    const [instance] = await check('cycle', 300, 'instance');
    const [predictive] = await check('cycle', 300, 'predictive');
    expect(instance.kinds).toEqual(['order-inversion']);
    expect(predictive.stops).toBeGreaterThan(0);
  });
});
