// A buffered fio run on an XFS loop mount that outruns the collectors (test/fio/buffered-lossy.fio:
// random writes and reads of one file, ftruncates of another): recorded at full speed, events are
// lost, yet `check --policy mainline` reports no deadlock, since an operation whose end was lost
// holds nothing after the loss (docs/design.md §4 "Loss"); at a low rate nothing is lost.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeLive } from '../helpers/live-requirements.js';
import { mountScratchXfs, type ScratchFs } from '../helpers/live-xfs.js';
import { faultline } from '../helpers/record-cli.js';
import { assertValidReport } from '../helpers/report-schema.js';

const JOB = fileURLToPath(new URL('../fio/buffered-lossy.fio', import.meta.url));
const DEADLOCKS = ['aa', 'wait-cycle', 'order-inversion'];
// 2 s of fio; bpftrace attaches in seconds, and a loaded machine can take ten times as long.
const RUN_TIMEOUT_MS = 240_000;

describeLive('recording buffered fio that outruns the collectors', ['fio', 'bpftrace', 'mkfs.xfs', 'mount'], () => {
  let fs: ScratchFs | undefined;
  beforeAll(async () => {
    fs = await mountScratchXfs();
  });
  afterAll(async () => {
    await fs?.dispose();
  });

  // Records the job at `rateIops` per job (0: no limit); the trace and the events lost.
  async function record(collector: string, rateIops: number): Promise<{ trace: string; lost: number }> {
    const dir = join(fs!.dir, `${collector}-${rateIops}`);
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const run = await faultline(['record', '--collector', collector, '-o', trace, '--', 'fio', '--output=/dev/null', JOB], {
      env: { FIO_DIR: dir, FIO_RATE_IOPS: String(rateIops) },
    });
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const summary = /recorded (\d+) events \((\d+) lost\).*command exited with status 0/.exec(String(run.stderr));
    expect(summary, String(run.stderr)).not.toBeNull();
    return { trace, lost: Number(summary![2]) };
  }

  // The kinds of what `check --policy mainline` found, and the events it says were lost.
  async function mainline(trace: string): Promise<{ kinds: string[]; lost: number }> {
    const result = await faultline(['check', trace, '--policy', 'mainline', '--format', 'json']);
    expect([0, 1], String(result.stderr)).toContain(result.exitCode);
    const report = assertValidReport(JSON.parse(String(result.stdout)));
    return { kinds: report.findings.map((f) => f.kind), lost: report.input.lost };
  }

  it.each(['ftrace', 'bpftrace'])('%s at full speed: whatever is lost, mainline reports no deadlock', async (collector) => {
    const { trace, lost } = await record(collector, 0);
    const checked = await mainline(trace);
    expect(checked.lost).toBe(lost);
    expect(checked.kinds.filter((k) => DEADLOCKS.includes(k)), `${lost} events lost`).toEqual([]);
  }, RUN_TIMEOUT_MS);

  it.each(['ftrace', 'bpftrace'])('%s at 100 I/Os a second per job: nothing lost, no deadlock', async (collector) => {
    const { trace, lost } = await record(collector, 100);
    expect(lost).toBe(0);
    expect((await mainline(trace)).kinds.filter((k) => DEADLOCKS.includes(k))).toEqual([]);
  }, RUN_TIMEOUT_MS);
});
