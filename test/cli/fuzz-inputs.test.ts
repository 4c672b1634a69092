// Seeded property-based fuzzing of every input format (fast-check): mutated sample traces keep
// the exit contract. In-process for many cases (the check's own path: open, replay, report; an
// expected failure is an InputError), then through the real command line for fewer (exit 0, 1 or
// 2; for 2 exactly one line on stderr; never a stack, a Node warning or a hang). Both bounded in
// time. FAULTLINE_FUZZ_SEED replays a failing seed; FAULTLINE_FUZZ_MS runs longer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import { checkInput } from '../../src/replay/check-input.js';
import { formatTextReport } from '../../src/report/format-text-report.js';
import { renderJsonReport } from '../../src/report/format-json-report.js';
import { formatSummary, emptySummary, summarize } from '../../src/report/trace-summary.js';
import { InputError } from '../../src/trace/errors.js';
import { readableOf } from '../helpers/trace-files.js';
import { mutatedBytes, mutatedTraceArb } from '../helpers/trace-mutations.js';

const SEED = Number(process.env.FAULTLINE_FUZZ_SEED ?? 19_2026);
const BUDGET_MS = Number(process.env.FAULTLINE_FUZZ_MS ?? 12_000);
// Control characters other than '\n' (the report's own line breaks).
const CONTROL_RE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const dir = mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The check of `bytes` as `faultline check -` runs it, and `show`'s summary: resolves to the
// text printed, or rejects.
async function checkBytes(bytes: Buffer): Promise<string> {
  const input = await openInput('-', { stdin: readableOf(bytes) });
  const result = await checkInput(input, ['naive', 'mainline'], 'predictive');
  const reports = result.results.map(({ policy, findings }) => ({ findings, input: result.info, policy, semantics: result.semantics }));
  return reports.map((report) => formatTextReport(report) + renderJsonReport(report)).join('');
}

async function showBytes(bytes: Buffer): Promise<string> {
  const input = await openInput('-', { stdin: readableOf(bytes) });
  const summary = emptySummary();
  for await (const batch of input.batches()) summarize(summary, batch);
  return formatSummary(summary, input.info);
}

describe('fuzzed inputs of every format', () => {
  it('check and show either report, with no control character printed, or fail with an InputError', async () => {
    let runs = 0;
    await fc.assert(fc.asyncProperty(mutatedTraceArb, async (case_) => {
      runs++;
      const bytes = mutatedBytes(case_);
      for (const run of [checkBytes, showBytes]) {
        try {
          const text = await run(bytes);
          // The JSON report keeps strings exact, escaped by JSON itself; the text has none raw.
          expect(text).not.toMatch(CONTROL_RE);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(error.message).not.toContain('\n');
        }
      }
    }), { seed: SEED, numRuns: 100_000, interruptAfterTimeLimit: BUDGET_MS });
    expect(runs).toBeGreaterThan(20);
  }, BUDGET_MS + 30_000);

  it('the command line keeps the exit contract: 0 or 1, or 2 with one line on stderr', async () => {
    let runs = 0;
    await fc.assert(fc.asyncProperty(mutatedTraceArb, fc.constantFrom('check', 'show'), async (case_, command) => {
      runs++;
      const path = join(dir, `case${case_.gzip ? '.gz' : ''}`);
      writeFileSync(path, mutatedBytes(case_));
      const result = await execa('node', ['bin/faultline.js', command, path], { reject: false, timeout: 30_000 });
      const stderr = String(result.stderr);
      expect(result.timedOut, 'no hang').toBe(false);
      expect([0, 1, 2], stderr).toContain(result.exitCode);
      expect(stderr).not.toMatch(/\n\s+at |Warning|internal error/);
      if (result.exitCode === 2) expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(String(result.stdout)).not.toMatch(CONTROL_RE);
    }), { seed: SEED, numRuns: 1000, interruptAfterTimeLimit: BUDGET_MS });
    expect(runs).toBeGreaterThan(4);
  }, BUDGET_MS + 60_000);
});
