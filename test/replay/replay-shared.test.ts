import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom, toArray, map } from 'rxjs';
import { DEFAULT_GEN_OPTIONS } from '../../src/gen/gen-options.js';
import { writeGeneratedTrace } from '../../src/gen/write-generated-trace.js';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import { checkInput } from '../../src/replay/check-input.js';
import { replay, type Reopen } from '../../src/replay/replay.js';
import type { Semantics } from '../../src/detect/finding.js';
import { InputError } from '../../src/trace/errors.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';
import { rebatched } from '../helpers/rebatched-input.js';
import { writeWithScenarios } from '../helpers/scenario-trace.js';

const BATCH = 512;
const dir = traceTempDir();
const lockOnly = dir.path('lock-only.pb');
const dioMixed = dir.path('dio-mixed.pb');
const dioMid = dir.path('dio-mid.pb');
const dioLate = dir.path('dio-late.pb');

beforeAll(async () => {
  const gen = { ...DEFAULT_GEN_OPTIONS, events: 20_000, batchSize: BATCH };
  await writeGeneratedTrace(gen, lockOnly);
  await writeGeneratedTrace({ ...gen, dio: true }, dioMixed);
  const lockEvents = await readAllEvents(await openInput(lockOnly));
  await writeWithScenarios(dioMid, lockEvents, 10_000, BATCH);
  await writeWithScenarios(dioLate, lockEvents, lockEvents.length - 3, BATCH);
});
afterAll(() => dir.remove());

const TRACES = [
  ['lock-only', lockOnly],
  ['mixed from its start (gen --dio)', dioMixed],
  ['mixed from its middle', dioMid],
  ['mixed only in its last batch', dioLate],
] as const;

// A reopen that counts its calls.
function counted(path: string): { reopen: Reopen; readonly calls: number } {
  let calls = 0;
  return {
    reopen: () => {
      calls += 1;
      return openInput(path);
    },
    get calls() { return calls; },
  };
}


describe('replay under several policies of an input that can be read again', () => {
  describe.each(TRACES)('%s', (_name, path) => {
    it.each<Semantics>(['instance', 'lockdep'])('gives each policy the findings and notes of its own replay (%s)', async (semantics) => {
      const all = await checkInput(await openInput(path), POLICY_NAMES, semantics, { reopen: () => openInput(path) });
      for (const [p, policy] of POLICY_NAMES.entries()) {
        const alone = await checkInput(await openInput(path), [policy], semantics);
        expect(all.results[p]).toEqual(alone.results[0]);
      }
    });

    it('emits after each batch the findings of one engine per policy', async () => {
      const options = { policies: POLICY_NAMES, semantics: 'instance' as const };
      const findingsPerBatch = async (reopen?: Reopen): Promise<unknown[]> => lastValueFrom(
        replay((await openInput(path)).batches(), options, reopen).pipe(
          map((engines) => structuredClone(engines.map((e) => ({ events: e.events, findings: e.findings(), notes: e.notes() })))),
          toArray(),
        ),
      );
      const separate = await findingsPerBatch();
      expect(separate.length).toBeGreaterThan(20);
      expect(await findingsPerBatch(() => openInput(path))).toEqual(separate);
    });
  });

  it('finds different verdicts per policy in the mixed traces (the comparison above can fail)', async () => {
    for (const path of [dioMid, dioLate]) {
      const { results } = await checkInput(await openInput(path), POLICY_NAMES, 'instance', { reopen: () => openInput(path) });
      const kinds = results.map((r) => r.findings.map((f) => f.kind).sort().join(','));
      expect(new Set(kinds).size).toBeGreaterThan(1);
      expect(results[POLICY_NAMES.indexOf('naive')].findings.some((f) => f.kind === 'aa' && f.policy === 'naive')).toBe(true);
    }
  });

  it.each([
    [lockOnly, 0], [dioMixed, 0], [dioMid, 1], [dioLate, 1],
  ])('reads %s again only when an event that is not policy-neutral comes after the first batch (%i times)', async (path, times) => {
    const reopen = counted(path);
    await checkInput(await openInput(path), POLICY_NAMES, 'instance', reopen);
    expect(reopen.calls).toBe(times);
  });

  it('catches up from a second reading whose batches are cut elsewhere', async () => {
    const all = await checkInput(await openInput(dioLate), POLICY_NAMES, 'instance', { reopen: () => rebatched(dioLate, 333) });
    const separate = await checkInput(await openInput(dioLate), POLICY_NAMES, 'instance');
    expect(all.results).toEqual(separate.results);
  });

  it('rejects with an InputError when the second reading has fewer events', async () => {
    const checked = checkInput(await openInput(dioLate), POLICY_NAMES, 'instance', { reopen: () => rebatched(dioLate, BATCH, 1000) });
    await expect(checked).rejects.toThrow(InputError);
    await expect(checkInput(await openInput(dioLate), POLICY_NAMES, 'instance', { reopen: () => rebatched(dioLate, BATCH, 1000) }))
      .rejects.toThrow(/changed while it was read: 1000 events on the second reading/);
  });
});
