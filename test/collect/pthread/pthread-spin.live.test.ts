// The pthread collector's spinlocks and several pids, for real, as root: pthread_spin_lock is
// recorded through faultline's own tracefs uprobes (a spinlock AB/BA is an inversion under the
// default semantics; a real spinlock deadlock is a wait cycle, its requests stamped before the
// threads spin; a contended spinlock's lock and unlock counts match its calls), the probes
// of a killed recording are removed by the next one, and `--pid A --pid B` records both
// running processes.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openInput } from '../../../src/input/open-input.js';
import type { Header, TraceEvent } from '../../../src/trace/event.js';
import { describeLive } from '../../helpers/live-requirements.js';
import { buildRecordReproducer, FAULTLINE_BIN, faultline, instancesOf, removeReproducer } from '../../helpers/record-cli.js';

const UPROBE_EVENTS = '/sys/kernel/tracing/uprobe_events';
// bpftrace attaches pthread.bt's ~50 uprobes in 10-25 s, and detaches them as slowly.
const RECORDING_MS = 240_000;

interface Finding { readonly kind: string; readonly tasks: readonly { readonly tid: number }[] }

// The trace's events, read to the end, and its header.
async function read(trace: string): Promise<{ events: TraceEvent[]; header: Header }> {
  const input = await openInput(trace);
  const events: TraceEvent[] = [];
  for await (const batch of input.batches()) events.push(...batch);
  return { events, header: input.info.header! };
}

async function findings(trace: string): Promise<Finding[]> {
  const run = await faultline(['check', trace, '--format', 'json']);
  expect([0, 1], String(run.stderr)).toContain(run.exitCode);
  return (JSON.parse(String(run.stdout)) as { findings: Finding[] }).findings;
}

// The uprobe_events lines of faultline process `pid`.
async function uprobesOf(pid: number): Promise<string[]> {
  return (await readFile(UPROBE_EVENTS, 'utf8')).split('\n').filter((line) => line.includes(`:faultline_${pid}/`));
}

// The first line a program prints, split in words.
async function firstLine(child: ResultPromise): Promise<string[]> {
  return new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.split(' '))));
}

// "tid1 T tid2 T sa ADDR sb ADDR" as numbers and addresses.
function parseAbba(words: readonly string[]): { tids: number[]; sa: bigint; sb: bigint } {
  return { tids: [Number(words[1]), Number(words[3])], sa: BigInt(words[5]), sb: BigInt(words[7]) };
}

const spinOps = (events: readonly TraceEvent[], lock: bigint, op: string): number =>
  events.filter((e) => e.kind === 'lock' && e.lock.lock === lock && e.lock.op === op).length;

describeLive('pthread collector: spinlocks and several pids', ['bpftrace', 'gcc'], () => {
  let abba: string;
  let contended: string;
  let deadlock: string;
  let dir: string;
  beforeAll(async () => {
    abba = await buildRecordReproducer('pthread-spin-abba');
    contended = await buildRecordReproducer('pthread-spin-contended');
    deadlock = await buildRecordReproducer('pthread-spin-deadlock');
    dir = await mkdtemp('/var/tmp/faultline-spin-');
  });
  afterAll(async () => {
    await removeReproducer(abba);
    await removeReproducer(contended);
    await removeReproducer(deadlock);
    await rm(dir, { recursive: true, force: true });
  });

  it('records a spinlock AB/BA, found as an inversion, after removing the probes a killed recording left', async () => {
    // A recording killed with SIGKILL (with bpftrace and its command: one process group) runs no exit handler.
    const killed = execa('node', [FAULTLINE_BIN, 'record', '--collector', 'pthread', '-o', join(dir, 'killed.pb'), '--', 'sleep', '120'],
      { reject: false, detached: true });
    const killedPid = killed.pid!;
    while ((await uprobesOf(killedPid)).length < 2 && killed.exitCode === null) await sleep(100);
    process.kill(-killedPid, 'SIGKILL');
    await killed;
    expect(await uprobesOf(killedPid)).toHaveLength(2);

    const trace = join(dir, 'abba.pb');
    const run = faultline(['record', '--collector', 'pthread', '-o', trace, '--', abba, '2']);
    const { tids, sa, sb } = parseAbba(await firstLine(run));
    const done = await run;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    expect(String(done.stderr)).toMatch(/recorded \d+ events \(0 lost\)/);
    expect(await uprobesOf(killedPid)).toEqual([]);
    expect(await uprobesOf(run.pid!)).toEqual([]);
    expect(await instancesOf(run.pid!)).toEqual([]);

    const { events, header } = await read(trace);
    expect(header.meta['pthread.spinLock']).toMatch(/^uprobes at \/lib\/x86_64-linux-gnu\/libc\.so\.6:0x[0-9a-f]+ \(request\)/);
    // Two rounds: each thread requests both locks twice, and releases them as often.
    for (const lock of [sa, sb]) {
      expect(spinOps(events, lock, 'ACQUIRE')).toBe(4);
      expect(spinOps(events, lock, 'RELEASE')).toBe(4);
      expect(spinOps(events, lock, 'INIT')).toBe(1);
    }
    const names = events.flatMap((e) => (e.kind === 'lock' && e.lock.op === 'ACQUIRE' && (e.lock.lock === sa || e.lock.lock === sb) ? [e.lock.name] : []));
    expect(new Set(names)).toEqual(new Set(['sa', 'sb']));

    const inversions = (await findings(trace)).filter((f) => f.kind === 'order-inversion');
    expect(inversions).toHaveLength(1);
    expect(inversions[0].tasks.map((t) => t.tid).sort()).toEqual([...tids].sort());
  }, RECORDING_MS);

  it('records both requests of a spinlock deadlock, made before the threads spin: a wait cycle', async () => {
    const trace = join(dir, 'deadlock.pb');
    // The threads spin until the recording ends (--duration) and SIGTERM ends the program.
    const run = faultline(['record', '--collector', 'pthread', '--duration', '2', '-o', trace, '--', deadlock]);
    const { tids, sa, sb } = parseAbba(await firstLine(run));
    const done = await run;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    expect(String(done.stderr)).toMatch(/command killed by SIGTERM/);
    const { events } = await read(trace);
    for (const lock of [sa, sb]) {
      expect(events.filter((e) => e.kind === 'lock' && e.lock.lock === lock && e.lock.op === 'ACQUIRE').map((e) => e.tid).sort()).toEqual([...tids].sort());
    }
    const cycles = (await findings(trace)).filter((f) => f.kind === 'wait-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0].tasks.map((t) => t.tid).sort()).toEqual([...tids].sort());
  }, RECORDING_MS);

  it('records a contended spinlock with as many requests and releases as calls', async () => {
    const trace = join(dir, 'contended.pb');
    const run = faultline(['record', '--collector', 'pthread', '-o', trace, '--', contended, '4', '2000']);
    const spin = BigInt((await firstLine(run))[1]);
    const done = await run;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    const calls = Number(/^calls (\d+)$/m.exec(String(done.stdout))?.[1]);
    expect(String(done.stdout)).toMatch(new RegExp(`^taken ${calls}$`, 'm'));
    expect(calls).toBe(8000);

    const { events } = await read(trace);
    expect(events.filter((e) => e.kind === 'lost')).toEqual([]);
    expect(spinOps(events, spin, 'ACQUIRE')).toBe(calls);
    expect(spinOps(events, spin, 'RELEASE')).toBe(calls);
    expect((await findings(trace)).filter((f) => f.kind !== 'held-at-exit')).toEqual([]);
  }, RECORDING_MS);

  it('records two running processes given with --pid, every thread of both', async () => {
    const programs = [execa(abba, ['0'], { reject: false }), execa(abba, ['0'], { reject: false })];
    try {
      const started = await Promise.all(programs.map(async (p) => ({ pid: p.pid!, ...parseAbba(await firstLine(p)) })));
      const trace = join(dir, 'two.pb');
      const run = await faultline(['record', '--collector', 'pthread', '--pid', String(started[0].pid), '--pid', String(started[1].pid),
        '--duration', '3', '-o', trace]);
      expect(run.exitCode, String(run.stderr)).toBe(0);

      const { events } = await read(trace);
      const locks = events.filter((e) => e.kind === 'lock');
      expect(new Set(locks.map((e) => e.pid))).toEqual(new Set(started.map((s) => s.pid)));
      const threads = new Set((await Promise.all(started.map(async (s) => readdir(`/proc/${s.pid}/task`)))).flat().map(Number));
      for (const e of events) if (e.kind !== 'lost') expect(threads).toContain(e.tid);
      const inversions = (await findings(trace)).filter((f) => f.kind === 'order-inversion');
      for (const s of started) {
        expect(spinOps(events, s.sa, 'ACQUIRE')).toBeGreaterThan(0);
        expect(inversions.some((f) => s.tids.every((tid) => f.tasks.some((t) => t.tid === tid)))).toBe(true);
      }
    } finally {
      for (const p of programs) p.kill('SIGKILL');
      await Promise.all(programs);
    }
  }, RECORDING_MS);
});
