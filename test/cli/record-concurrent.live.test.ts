// Real concurrent workloads recorded with `faultline record --collector ftrace` on ext4 and on an
// XFS loop mount: fio job files (test/fio/) and the concurrent forms of the S2/S3 reproducers,
// whose DIOs really overlap. `check` gives docs/design.md §6's verdict under every policy; the
// fio jobs run at once overlap in time (stonewall ones do not), and the reproducers, whose every
// DIO faults its buffer in, overlap so that naive finds a wait-cycle of this very interleaving.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import { describeLive } from '../helpers/live-requirements.js';
import { mountScratchXfs, scratchDir, type ScratchFs } from '../helpers/live-xfs.js';
import { buildRecordReproducer, faultline, removeReproducer, verdicts } from '../helpers/record-cli.js';
import { assertValidReport } from '../helpers/report-schema.js';

type Fs = 'ext4' | 'xfs';
type Expected = Readonly<Record<string, string>>;

const FIO_JOBS = fileURLToPath(new URL('../fio/', import.meta.url));
const CYCLE: Expected = { naive: 'cycle', fdm: 'cycle', 'fdm-ordered': 'none', mainline: 'none' };
const NONE: Expected = { naive: 'none', fdm: 'none', 'fdm-ordered': 'none', mainline: 'none' };

// fio job, expected verdicts, whether the two jobs' DIO writes overlap in time (undefined: either).
const FIO: readonly (readonly [string, Expected, boolean | undefined])[] = [
  ['aa', { naive: 'aa', fdm: 'none', 'fdm-ordered': 'none', mainline: 'coherency' }, undefined],
  ['abba', CYCLE, true],
  ['abba-apart', CYCLE, false],
  ['clean-dio', NONE, undefined],
  ['buffered', NONE, undefined],
];

// A run takes a few seconds on an idle machine; a loaded one can take ten times that.
const RUN_TIMEOUT_MS = 240_000;

// Reproducer, its arguments after DIR (concurrent form: mode, iterations, pages).
const REPRODUCERS: readonly (readonly [string, readonly string[]])[] = [
  ['s2-abba', ['threads', '100', '4']],
  ['s2-abba', ['procs', '100', '4']],
  ['s3-ring', ['threads', '100', '4']],
  ['s3-ring', ['procs', '100', '4']],
];

// The finding kinds of each policy's JSON report (jsonl: one a line), each checked against the schema.
async function kindsByPolicy(trace: string): Promise<Record<string, string[]>> {
  const result = await faultline(['check', trace, '--policy', 'all', '--format', 'jsonl']);
  const out: Record<string, string[]> = {};
  for (const line of String(result.stdout).trim().split('\n')) {
    const report = assertValidReport(JSON.parse(line));
    out[report.policy] = report.findings.map((f) => f.kind);
  }
  return out;
}

// How many DIO writes began while another task's DIO write was in flight.
async function overlappingDios(trace: string): Promise<number> {
  const inFlight = new Set<number>();
  let overlaps = 0;
  for await (const batch of (await openInput(trace)).batches()) {
    for (const e of batch) {
      if (e.kind === 'dioBegin' && e.dioBegin.write) {
        if ([...inFlight].some((tid) => tid !== e.tid)) overlaps += 1;
        inFlight.add(e.tid);
      } else if (e.kind === 'dioEnd' || e.kind === 'exit') inFlight.delete(e.tid);
    }
  }
  return overlaps;
}

describeLive('faultline record on concurrent workloads', ['gcc', 'fio', 'mkfs.xfs', 'mount'], () => {
  const fs: Partial<Record<Fs, ScratchFs>> = {};
  const binaries = new Map<string, string>();
  beforeAll(async () => {
    fs.ext4 = await scratchDir();
    fs.xfs = await mountScratchXfs();
    for (const name of ['s2-abba', 's3-ring']) binaries.set(name, await buildRecordReproducer(name));
  });
  afterAll(async () => {
    await fs.ext4?.dispose();
    await fs.xfs?.dispose();
    for (const binary of binaries.values()) await removeReproducer(binary);
  });

  async function record(dir: string, command: readonly string[], env: Record<string, string> = {}): Promise<string> {
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const run = await faultline(['record', '--collector', 'ftrace', '-o', trace, '--', ...command], { env });
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stderr)).toMatch(/recorded \d+ events \(0 lost\) to .*; command exited with status 0/);
    return trace;
  }

  it.each((['ext4', 'xfs'] as const).flatMap((kind) => FIO.map(([job, expected, overlap]) => [job, kind, expected, overlap] as const)))(
    'fio %s on %s: the expected verdict under every policy', async (job, kind, expected, overlap) => {
      const dir = join(fs[kind]!.dir, `fio-${job}`);
      const trace = await record(dir, ['fio', '--output=/dev/null', join(FIO_JOBS, `${job}.fio`)], { FIO_DIR: dir });
      expect(await verdicts(trace)).toEqual(expected);
      await kindsByPolicy(trace);
      const overlaps = await overlappingDios(trace);
      if (overlap === true) expect(overlaps).toBeGreaterThan(0);
      if (overlap === false) expect(overlaps).toBe(0);
    }, RUN_TIMEOUT_MS);

  it.each((['ext4', 'xfs'] as const).flatMap((kind) => REPRODUCERS.map(([name, args]) => [name, args, kind] as const)))(
    '%s %j on %s: overlapping DIOs, the expected verdict under every policy', async (name, args, kind) => {
      const dir = join(fs[kind]!.dir, `${name}-${args[0]}`);
      const trace = await record(dir, [binaries.get(name)!, dir, ...args]);
      expect(await verdicts(trace)).toEqual(CYCLE);
      expect((await kindsByPolicy(trace)).naive).toContain('wait-cycle');
    }, RUN_TIMEOUT_MS);
});
