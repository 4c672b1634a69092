import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GEN_OPTIONS } from '../../src/gen/gen-options.js';
import { writeGeneratedTrace } from '../../src/gen/write-generated-trace.js';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import { faultline } from '../helpers/cli-run.js';
import { assertValidReport } from '../helpers/report-schema.js';
import { writeWithScenarios } from '../helpers/scenario-trace.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';

// Over 4 MiB each: `check` decodes them in a worker thread, and reads them twice for a late DIO.
const EVENTS = 200_000;
const dir = traceTempDir();
const lockOnly = dir.path('lock-only.pb');
const dioLate = dir.path('dio-late.pb');

beforeAll(async () => {
  await writeGeneratedTrace({ ...DEFAULT_GEN_OPTIONS, events: EVENTS, batchSize: 1000 }, lockOnly);
  const lockEvents = await readAllEvents(await openInput(lockOnly));
  await writeWithScenarios(dioLate, lockEvents, EVENTS - 500, 1000);
}, 120_000);
afterAll(() => dir.remove());

// A JSON report without the input's name (a file's path, or stdin).
const unnamed = (report: ReturnType<typeof assertValidReport>): object => ({ ...report, input: { ...report.input, file: undefined, path: undefined } });

describe('faultline check --policy all of a file', () => {
  it.each([['lock-only', lockOnly], ['with DIOs near its end', dioLate]])('reports for each policy what the policy alone reports (%s)', async (_name, path) => {
    const all = await faultline(['check', path, '--policy', 'all', '--format', 'json']);
    const { reports } = JSON.parse(all.stdout) as { reports: unknown[] };
    expect(reports).toHaveLength(POLICY_NAMES.length);
    for (const [p, policy] of POLICY_NAMES.entries()) {
      const alone = await faultline(['check', path, '--policy', policy, '--format', 'json']);
      expect(assertValidReport(reports[p])).toEqual(assertValidReport(JSON.parse(alone.stdout)));
    }
    if (path === dioLate) expect(new Set(reports.map((r) => JSON.stringify((r as { findings: unknown[] }).findings))).size).toBeGreaterThan(1);
  }, 120_000);

  it.each([['lock-only', lockOnly], ['with DIOs near its end', dioLate]])('writes what one engine per policy writes, as for the trace on stdin (%s)', async (_name, path) => {
    // stdin is read once: there every policy has its own engine from the start.
    const fromFile = await faultline(['check', path, '--policy', 'all']);
    const fromStdin = await faultline(['check', '-', '--policy', 'all'], readFileSync(path));
    expect(fromFile.exitCode).toBe(1);
    expect(fromFile.exitCode).toBe(fromStdin.exitCode);
    // The report after its opening lines (which name the input).
    const body = (out: string): string => out.slice(out.indexOf('\n\n'));
    expect(body(fromFile.stdout)).toEqual(body(fromStdin.stdout));
    const jsonl = async (args: string[], input?: Buffer): Promise<object[]> =>
      (await faultline(args, input)).stdout.trim().split('\n').map((line) => unnamed(assertValidReport(JSON.parse(line))));
    expect(await jsonl(['check', path, '--policy', 'all', '--format', 'jsonl'])).toEqual(await jsonl(['check', '-', '--policy', 'all', '--format', 'jsonl'], readFileSync(path)));
  }, 120_000);
});
