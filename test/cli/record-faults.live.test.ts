// Faults while recording, for real as root: the bpftrace child killed mid-recording (the
// recording ends, exit 2, one line, the trace readable), the traced command killed by a signal
// (its status reported), and a full filesystem under -o (exit 2, one line, the trace readable to
// its last whole record). faultline itself killed with SIGKILL is in record.live.test.ts.
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeLive } from '../helpers/live-requirements.js';
import { scratchDir, type ScratchFs } from '../helpers/live-xfs.js';
import { buildRecordReproducer, faultline, instancesOf, removeReproducer } from '../helpers/record-cli.js';

// Resolves once `trace` holds more than its magic (the header is written once probes attach).
async function waitForHeader(trace: string, child: ResultPromise): Promise<void> {
  let exited = false;
  void child.then(() => (exited = true));
  for (let i = 0; i < 1200 && !exited; i++) {
    if (await stat(trace).then((s) => s.size > 8, () => false)) return;
    await sleep(50);
  }
  throw new Error(`record exited or wrote no header: ${String((await child).stderr)}`);
}

// The pids of the processes whose parent is `pid`, with their comm.
async function childrenOf(pid: number): Promise<{ pid: number; comm: string }[]> {
  const out: { pid: number; comm: string }[] = [];
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of children.trim().split(/\s+/).filter((s) => s !== '')) {
      out.push({ pid: Number(child), comm: (await readFile(`/proc/${child}/comm`, 'utf8').catch(() => '')).trim() });
    }
  }
  return out;
}

function expectOneLine(stderr: string, message: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(stderr).not.toMatch(/\n\s+at |Warning|internal error/);
}

describeLive('faultline record under faults', ['gcc', 'bpftrace', 'mount'], () => {
  let scratch: ScratchFs;
  let dioLoop: string;
  let pthreadAbba: string;
  beforeAll(async () => {
    scratch = await scratchDir();
    dioLoop = await buildRecordReproducer('dio-loop');
    pthreadAbba = await buildRecordReproducer('pthread-abba');
  });
  afterAll(async () => {
    await scratch?.dispose();
    for (const binary of [dioLoop, pthreadAbba]) if (binary !== undefined) await removeReproducer(binary);
  });

  it('the bpftrace child killed mid-recording ends it: exit 2, one line, the trace readable', async () => {
    const dir = join(scratch.dir, 'bpftrace-killed');
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const child = faultline(['record', '--collector', 'pthread', '-o', trace, '--', 'sh', '-c', `while :; do ${pthreadAbba}; done`]);
    await waitForHeader(trace, child);
    await sleep(500);
    const bpftrace = (await childrenOf(child.pid!)).filter((c) => c.comm === 'bpftrace');
    expect(bpftrace).toHaveLength(1);
    process.kill(bpftrace[0].pid, 'SIGKILL');
    const run = await child;
    expect(run.exitCode).toBe(2);
    expectOneLine(String(run.stderr), /^faultline: bpftrace \(.*\) ended on its own: .*; recording stopped, .*trace\.pb holds the \d+ events before it$/);
    const show = await faultline(['show', trace]);
    expect(show.exitCode, String(show.stderr)).toBe(0);
    expect(await instancesOf(child.pid!)).toEqual([]);
  });

  it('reports the traced command killed by a signal', async () => {
    const trace = join(scratch.dir, 'killed-command.pb');
    const run = await faultline(['record', '-o', trace, '--', 'sh', '-c', 'kill -KILL $$']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stderr)).toMatch(/; command killed by SIGKILL$/m);
    expect((await faultline(['show', trace])).exitCode).toBeLessThan(2);
  });

  it('a full filesystem under -o ends the recording: exit 2, one line, the trace readable to its last whole record', async () => {
    const mountpoint = await mkdtemp('/var/tmp/faultline-full-');
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountpoint]);
    try {
      const trace = join(mountpoint, 'trace.pb');
      const work = join(scratch.dir, 'full-disk');
      await mkdir(work);
      const child = faultline(['record', '-o', trace, '--duration', '20', '--', dioLoop, work, '100000000']);
      const run = await child;
      expect(run.exitCode).toBe(2);
      expectOneLine(String(run.stderr), /^faultline: .*trace\.pb: cannot write: ENOSPC/);
      const show = await faultline(['show', trace]);
      expect(show.exitCode, String(show.stderr)).toBe(0);
      expect(String(show.stdout)).toMatch(/incomplete/);
      expect(String(show.stdout)).toMatch(/dioBegin\s+[1-9]/);
      expect(await instancesOf(child.pid!)).toEqual([]);
    } finally {
      await execa('umount', [mountpoint]);
      await rm(mountpoint, { recursive: true, force: true });
    }
  });
});
