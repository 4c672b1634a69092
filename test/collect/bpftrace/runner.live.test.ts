import { statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, expect, it } from 'vitest';
import type { LockOp, TraceEvent } from '../../../src/trace/event.js';
import { findBpftrace } from '../../../src/collect/collect-env.js';
import { buildCollectReproducer, recordWhile } from '../../helpers/collect-bpftrace-run.js';
import { describeLive } from '../../helpers/live-requirements.js';

// Userspace st_dev to the kernel dev_t of tracepoints (major << 20 | minor).
function kernelDev(stDev: number): number {
  const major = (stDev >> 8) & 0xfff;
  const minor = (stDev & 0xff) | ((stDev >> 12) & 0xfff00);
  return major * 0x100000 + minor;
}

const WRITES = 200;

describeLive('the kernel collector on an O_DIRECT write loop', ['bpftrace', 'gcc'], () => {
  let dioLoop: string;
  beforeAll(async () => {
    dioLoop = await buildCollectReproducer('dio-loop');
  });

  it('records every write as dioBegin/dioEnd of the right file, from a child of the traced shell', async () => {
    const dir = await mkdtemp('/var/tmp/faultline-dio-');
    // The shell waits for a line, then forks dio-loop: the pid filter must follow the fork.
    const shell = execa('sh', ['-c', `read go; ${dioLoop} ${dir} ${WRITES}; echo done`], { stdin: 'pipe' });
    const rec = await recordWhile({ script: 'kernel', pids: [shell.pid!], bpftrace: findBpftrace() }, async () => {
      shell.stdin!.end('go\n');
      return (await shell).stdout;
    });
    const st = statSync(join(dir, 'dio-loop.dat'));
    const dev = kernelDev(st.dev);
    const begins = rec.events.filter((e) => e.kind === 'dioBegin' && e.dioBegin.dev === dev && e.dioBegin.ino === st.ino);
    const ends = rec.events.filter((e) => e.kind === 'dioEnd' && e.dioEnd.dev === dev && e.dioEnd.ino === st.ino);

    expect(rec.result).toMatch(/done/);
    expect(rec.summary.exitCode).toBe(0);
    expect(rec.summary.lost).toBe(0);
    expect(rec.ordered).toBe(true);
    expect(begins).toHaveLength(WRITES);
    expect(ends).toHaveLength(WRITES);
    const bufs = new Set(begins.map((e) => (e.kind === 'dioBegin' ? e.dioBegin.buf : -1n)));
    expect(bufs.size).toBe(1);
    expect([...bufs][0]).not.toBe(0n);
    for (const e of begins) {
      if (e.kind !== 'dioBegin') continue;
      expect(e.dioBegin).toMatchObject({ write: true, len: 4096, aio: false });
      expect(e.comm).toBe('dio-loop');
    }
    const child = begins[0].pid;
    const fork = rec.events.find((e) => e.kind === 'task' && e.tid === child);
    expect(fork).toMatchObject({ pid: child, task: { parentTid: shell.pid } });
    expect(rec.events.some((e) => e.kind === 'exit' && e.tid === child)).toBe(true);
  });

  it('reports what a full perf buffer dropped as lost, and delivers the rest in order, once each', async () => {
    const dir = await mkdtemp('/var/tmp/faultline-dio-');
    const writes = 5000;
    const shell = execa('sh', ['-c', `read go; exec ${dioLoop} ${dir} ${writes}`], { stdin: 'pipe' });
    // One page per CPU: it fills up long before bpftrace empties it.
    const rec = await recordWhile({ script: 'kernel', pids: [shell.pid!], bpftrace: findBpftrace(), bufferPages: 1 }, async () => {
      shell.stdin!.end('go\n');
      await shell;
    });
    const ino = statSync(join(dir, 'dio-loop.dat')).ino;
    const begins = rec.events.filter((e) => e.kind === 'dioBegin' && e.dioBegin.ino === ino);
    const ends = rec.events.filter((e) => e.kind === 'dioEnd' && e.dioEnd.ino === ino);
    const lostEvents = rec.events.filter((e) => e.kind === 'lost');
    const keys = new Set(begins.map((e) => `${e.ts},${e.tid}`));

    expect(rec.summary.lost).toBeGreaterThan(0);
    expect(lostEvents.reduce((sum, e) => sum + (e.kind === 'lost' ? e.lost.count : 0), 0)).toBe(rec.summary.lost);
    expect(rec.ordered).toBe(true);
    expect(keys.size).toBe(begins.length);
    expect(begins.length).toBeLessThanOrEqual(writes);
    expect(2 * writes - begins.length - ends.length).toBeLessThanOrEqual(rec.summary.lost);
  });

  it('records dioBegin with its kernel stack and dioEnd without when asked for stacks', async () => {
    const dir = await mkdtemp('/var/tmp/faultline-dio-');
    const writes = 10;
    const shell = execa('sh', ['-c', `read go; exec ${dioLoop} ${dir} ${writes}`], { stdin: 'pipe' });
    const rec = await recordWhile({ script: 'kernel', pids: [shell.pid!], bpftrace: findBpftrace(), stacks: true }, async () => {
      shell.stdin!.end('go\n');
      await shell;
    });
    const ino = statSync(join(dir, 'dio-loop.dat')).ino;
    const begins = rec.events.filter((e) => e.kind === 'dioBegin' && e.dioBegin.ino === ino);
    const ends = rec.events.filter((e) => e.kind === 'dioEnd' && e.dioEnd.ino === ino);

    expect(rec.summary.lost).toBe(0);
    expect(rec.ordered).toBe(true);
    expect(begins).toHaveLength(writes);
    expect(ends).toHaveLength(writes);
    expect(begins.every((e) => (e.stack?.length ?? 0) > 0)).toBe(true);
    expect(ends.every((e) => e.stack === undefined)).toBe(true);
  });

  it('records the file mmaps of the traced process as mappings with their (dev, ino)', async () => {
    const dir = await mkdtemp('/var/tmp/faultline-dio-');
    const shell = execa('sh', ['-c', `read go; exec ${dioLoop} ${dir} 1`], { stdin: 'pipe' });
    const rec = await recordWhile({ script: 'kernel', pids: [shell.pid!], bpftrace: findBpftrace() }, async () => {
      shell.stdin!.end('go\n');
      await shell;
    });
    const libc = statSync('/lib/x86_64-linux-gnu/libc.so.6');
    const maps = rec.events.filter((e) => e.kind === 'mapping' && e.mapping.ino === libc.ino);
    expect(maps.length).toBeGreaterThan(0);
    for (const e of maps) {
      if (e.kind !== 'mapping') continue;
      expect(e.mapping.dev).toBe(kernelDev(libc.dev));
      expect(e.mapping.start % 4096n).toBe(0n);
      expect(e.mapping.len).toBeGreaterThan(0);
    }
  });
});

interface AbbaRun { readonly tid1: number; readonly tid2: number; readonly lockA: bigint; readonly lockB: bigint }

function parseAbbaOutput(stdout: string): AbbaRun {
  const m = /tid1 (\d+) tid2 (\d+) lock_a 0x([0-9a-f]+) lock_b 0x([0-9a-f]+)/.exec(stdout);
  if (m === null) throw new Error(`unexpected reproducer output: ${stdout}`);
  return { tid1: Number(m[1]), tid2: Number(m[2]), lockA: BigInt(`0x${m[3]}`), lockB: BigInt(`0x${m[4]}`) };
}

function lockOps(events: readonly TraceEvent[], tid: number): (Pick<LockOp, 'op' | 'lock' | 'mode' | 'name'>)[] {
  return events.flatMap((e) =>
    e.kind === 'lock' && e.tid === tid ? [{ op: e.lock.op, lock: e.lock.lock, mode: e.lock.mode, name: e.lock.name }] : []);
}

describeLive('the pthread collector on two-lock programs', ['bpftrace', 'gcc'], () => {
  it.each([
    { program: 'pthread-abba' as const, secondOrder: ['B', 'A'] },
    { program: 'pthread-ordered' as const, secondOrder: ['A', 'B'] },
  ])('records $program as ACQUIRE/RELEASE of two named locks from two threads', async ({ program, secondOrder }) => {
    // A unique comm, so that the comm filter sees only this run.
    const binary = await buildCollectReproducer(program, `fl${process.pid % 100000}${program.slice(8, 12)}`);
    const rec = await recordWhile(
      { script: 'pthread', comm: basename(binary), bpftrace: findBpftrace() },
      async () => parseAbbaOutput((await execa(binary)).stdout),
    );
    const { tid1, tid2, lockA, lockB } = rec.result;
    const byName = { A: lockA, B: lockB };
    const nameOf = { A: 'lock_a', B: 'lock_b' };
    const expected = (first: 'A' | 'B', second: 'A' | 'B') => [
      { op: 'ACQUIRE', lock: byName[first], mode: 'EXCLUSIVE', name: nameOf[first] },
      { op: 'ACQUIRE', lock: byName[second], mode: 'EXCLUSIVE', name: nameOf[second] },
      { op: 'RELEASE', lock: byName[second], mode: 'EXCLUSIVE', name: nameOf[second] },
      { op: 'RELEASE', lock: byName[first], mode: 'EXCLUSIVE', name: nameOf[first] },
    ];

    expect(rec.summary.exitCode).toBe(0);
    expect(rec.ordered).toBe(true);
    expect(tid1).not.toBe(tid2);
    expect(lockA).not.toBe(lockB);
    expect(lockOps(rec.events, tid1)).toEqual(expected('A', 'B'));
    const [first, second] = secondOrder as ['A' | 'B', 'A' | 'B'];
    expect(lockOps(rec.events, tid2)).toEqual(expected(first, second));
  });
});
