import { execa } from 'execa';
import { copyFileSync, readFileSync, readdirSync, readlinkSync, renameSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GEN_OPTIONS } from '../../src/gen/gen-options.js';
import { writeGeneratedTrace } from '../../src/gen/write-generated-trace.js';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import { faultline } from '../helpers/cli-run.js';
import { assertValidReport } from '../helpers/report-schema.js';
import { writeWithScenarios } from '../helpers/scenario-trace.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';

// Over 32 MiB each: `check` decodes them in a worker thread, reads them again for a late DIO, and
// replays half of the policies in a policy worker from their first DIO on.
const EVENTS = 1_400_000;
const SHORTER = 100_000;
const dir = traceTempDir();
const lockOnly = dir.path('lock-only.pb');
const dioLate = dir.path('dio-late.pb');
const dioHeavy = dir.path('dio-heavy.pb');
const shorter = dir.path('shorter.pb');

beforeAll(async () => {
  await writeGeneratedTrace({ ...DEFAULT_GEN_OPTIONS, events: EVENTS, batchSize: 1000 }, lockOnly);
  await writeGeneratedTrace({ ...DEFAULT_GEN_OPTIONS, events: EVENTS, batchSize: 1000, dio: true }, dioHeavy);
  await writeGeneratedTrace({ ...DEFAULT_GEN_OPTIONS, events: SHORTER, batchSize: 1000 }, shorter);
  const lockEvents = await readAllEvents(await openInput(lockOnly));
  await writeWithScenarios(dioLate, lockEvents, EVENTS - 500, 1000);
  // The seed's S1 and S2 in its middle: the policies' verdicts differ.
  const dioEvents = await readAllEvents(await openInput(dioHeavy));
  await writeWithScenarios(dioHeavy, dioEvents, EVENTS / 2, 1000);
}, 300_000);
afterAll(() => dir.remove());

const TRACES = [['lock-only', lockOnly], ['with DIOs near its end', dioLate], ['with DIOs from its start (gen --dio)', dioHeavy]] as const;

// A JSON report without the input's name (a file's path, or stdin).
const unnamed = (report: ReturnType<typeof assertValidReport>): object => ({ ...report, input: { ...report.input, file: undefined, path: undefined } });

describe('faultline check --policy all of a file', () => {
  it.each(TRACES.slice(1))('reports for each policy what the policy alone reports, as JSON, JSON lines and SARIF (%s)', async (_name, path) => {
    const all = await faultline(['check', path, '--policy', 'all', '--format', 'json']);
    const { reports } = JSON.parse(all.stdout) as { reports: unknown[] };
    expect(reports).toHaveLength(POLICY_NAMES.length);
    const lines = (await faultline(['check', path, '--policy', 'all', '--format', 'jsonl'])).stdout.trim().split('\n');
    const { runs } = JSON.parse((await faultline(['check', path, '--policy', 'all', '--format', 'sarif'])).stdout) as { runs: unknown[] };
    for (const [p, policy] of POLICY_NAMES.entries()) {
      const alone = await faultline(['check', path, '--policy', policy, '--format', 'json']);
      expect(assertValidReport(reports[p])).toEqual(assertValidReport(JSON.parse(alone.stdout)));
      expect(lines[p]).toBe((await faultline(['check', path, '--policy', policy, '--format', 'jsonl'])).stdout.trim());
      expect(runs[p]).toEqual((JSON.parse((await faultline(['check', path, '--policy', policy, '--format', 'sarif'])).stdout) as { runs: unknown[] }).runs[0]);
    }
    expect(new Set(reports.map((r) => JSON.stringify((r as { findings: unknown[] }).findings))).size).toBeGreaterThan(1);
  }, 600_000);

  it.each(TRACES)('writes what one engine per policy writes, as for the trace on stdin (%s)', async (_name, path) => {
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
  }, 300_000);

  it('stops with one line and exit 2 when the file is replaced before the policy worker reads it', async () => {
    // naive and fdm: fdm replays in the policy worker, which opens the file at the first DIO (near
    // the end). The check is held (SIGSTOP) once its reading is 3 MiB into the file (of 36 MiB;
    // the first opening, which finds the format, reads 2 MiB), while a shorter trace takes its name.
    const path = dir.path('replaced.pb');
    copyFileSync(dioLate, path);
    const child = execa('node', ['bin/faultline.js', 'check', path, '--policy', 'naive,fdm'], { reject: false });
    const readPast = (bytes: number): boolean => {
      try {
        return readdirSync(`/proc/${child.pid}/fd`).some((fd) => readlinkSync(`/proc/${child.pid}/fd/${fd}`) === path
          && Number(/^pos:\s*(\d+)/m.exec(readFileSync(`/proc/${child.pid}/fdinfo/${fd}`, 'utf8'))?.[1]) >= bytes);
      } catch {
        return false; // an fd closed while it was looked at
      }
    };
    const deadline = Date.now() + 60_000;
    while (!readPast(3 << 20) && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 1));
    child.kill('SIGSTOP');
    copyFileSync(shorter, `${path}.new`);
    renameSync(`${path}.new`, path);
    child.kill('SIGCONT');
    const result = await child;
    expect(result.exitCode).toBe(2);
    // One line, no stack trace (execa drops its final newline). The worker was sent the boundary
    // after the batch of the first DIO (1000 events a batch); a catch-up here would say the one before.
    const first = Math.ceil((EVENTS - 500) / 1000) * 1000;
    expect(result.stderr).toBe(`faultline: ${path}: changed while it was read: ${SHORTER} events on the second reading, ${first} on the first`);
  }, 120_000);
});
