// One `faultline record --collector pthread` of every pthread reproducer (test/reproducers/
// pthread-primitives.c for each scenario, pthread-cxx.cpp, pthread-rwlock-load.c), run one after
// the other by a shell script: bpftrace attaches its probes once (tens of seconds under load).
// Each program prints its pid, lock addresses and thread tids, which name what was recorded.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import type { Header, TraceEvent } from '../../src/trace/event.js';
import { createTraceWriter } from '../../src/trace/trace-writer.js';
import { faultline } from './record-cli.js';

const REPRODUCERS = fileURLToPath(new URL('../reproducers/', import.meta.url));

/** The scenarios of pthread-primitives.c, in the order they are run. */
export const PRIMITIVE_SCENARIOS = [
  'timedlock', 'clocklock', 'trylock', 'condwait', 'recursive', 'rdreenter', 'reinit', 'exitheld', 'joinabba', 'spinabba',
] as const;
export type PthreadProgram = (typeof PRIMITIVE_SCENARIOS)[number] | 'cxx' | 'load';

/** The load's size: threads and rounds (each round 4 lock calls). */
export const LOAD_THREADS = 10;
export const LOAD_ROUNDS = 1000;

/** One program's run: its pid, its locks' names by address and its threads' names by tid. */
export interface ProgramRun {
  readonly pid: number;
  readonly locks: ReadonlyMap<bigint, string>;
  readonly threads: ReadonlyMap<number, string>;
  /** The recorded events of its process (every thread), in trace order. */
  readonly events: readonly TraceEvent[];
}

export interface PthreadRecording {
  readonly dir: string;
  readonly header: Header;
  readonly stderr: string;
  readonly exitCode: number | undefined;
  readonly lost: number;
  readonly runs: ReadonlyMap<PthreadProgram, ProgramRun>;
  /** The calls the load says it made. */
  readonly loadCalls: number;
}

// Builds the reproducers, records them all and reads the trace back.
export async function recordPthreadPrograms(): Promise<PthreadRecording> {
  const dir = await mkdtemp('/var/tmp/faultline-pthread-');
  const bin = (name: string): string => join(dir, name);
  const cflags = ['-O1', '-g', '-fno-omit-frame-pointer', '-Wall', '-Wextra', '-Werror', '-pthread'];
  await execa('gcc', [...cflags, '-o', bin('pthread-primitives'), join(REPRODUCERS, 'pthread-primitives.c')]);
  await execa('gcc', [...cflags, '-o', bin('pthread-rwlock-load'), join(REPRODUCERS, 'pthread-rwlock-load.c')]);
  await execa('g++', [...cflags, '-o', bin('pthread-cxx'), join(REPRODUCERS, 'pthread-cxx.cpp')]);
  const script = bin('run-all.sh');
  await writeFile(script, [
    '#!/bin/sh',
    ...PRIMITIVE_SCENARIOS.map((s) => `${bin('pthread-primitives')} ${s} || exit 1`),
    `${bin('pthread-cxx')} || exit 1`,
    `${bin('pthread-rwlock-load')} ${LOAD_THREADS} ${LOAD_ROUNDS} || exit 1`,
    '',
  ].join('\n'));
  await chmod(script, 0o755);
  const trace = join(dir, 'all.pb');
  const run = await faultline(['record', '--collector', 'pthread', '-o', trace, '--', script]);

  const programs = new Map<number, { name: PthreadProgram; locks: Map<bigint, string>; threads: Map<number, string>; events: TraceEvent[] }>();
  let current: { locks: Map<bigint, string>; threads: Map<number, string> } | undefined;
  let loadCalls = 0;
  for (const line of String(run.stdout).split('\n')) {
    const words = line.split(' ');
    if (words[0] === 'pid') {
      const entry = { name: words[2] as PthreadProgram, locks: new Map<bigint, string>(), threads: new Map<number, string>(), events: [] };
      entry.threads.set(Number(words[1]), 'main');
      programs.set(Number(words[1]), entry);
      current = entry;
    } else if (words[0] === 'tid') current?.threads.set(Number(words[2]), words[1]);
    else if (words[0] === 'calls') loadCalls = Number(words[1]);
    else if (words.length === 2 && words[1].startsWith('0x')) current?.locks.set(BigInt(words[1]), words[0]);
  }
  const input = await openInput(trace);
  let lost = 0;
  for await (const batch of input.batches()) {
    for (const event of batch) {
      if (event.kind === 'lost') lost += event.lost.count;
      programs.get(event.pid)?.events.push(event);
    }
  }
  const runs = new Map<PthreadProgram, ProgramRun>();
  for (const [pid, p] of programs) runs.set(p.name, { pid, locks: p.locks, threads: p.threads, events: p.events });
  return { dir, header: input.info.header!, stderr: String(run.stderr), exitCode: run.exitCode, lost, runs, loadCalls };
}

/** A program's events as lines, "WHO OP LOCK MODE [TYPE] [robust]", only those on its named locks and threads. */
export function describeRun(run: ProgramRun): string[] {
  const who = (tid: number): string => run.threads.get(tid) ?? `tid${tid}`;
  const lines: string[] = [];
  for (const e of run.events) {
    switch (e.kind) {
      case 'lock': {
        const name = run.locks.get(e.lock.lock);
        if (name === undefined) continue; // libc's own locks (the loader's, in create and exit)
        const l = e.lock;
        lines.push([who(e.tid), l.op.toLowerCase() + (l.try ? ' try' : ''), name, l.mode.toLowerCase(),
          l.type?.toLowerCase(), l.robust === true ? 'robust' : undefined].filter((w) => w !== undefined).join(' '));
        break;
      }
      case 'task': lines.push(`${who(e.tid)} task`); break;
      case 'join': lines.push(`${who(e.tid)} join ${who(e.join.joinedTid)}`); break;
      case 'exit': lines.push(`${who(e.tid)} exit`); break;
      default: lines.push(`${who(e.tid)} ${e.kind}`);
    }
  }
  return lines;
}

/** Writes one program's events as a trace of its own (for `check`); resolves to its path. */
export async function writeRunTrace(recording: PthreadRecording, name: PthreadProgram): Promise<string> {
  const path = join(recording.dir, `${name}.pb`);
  const writer = createTraceWriter(path, recording.header);
  await writer.write(recording.runs.get(name)!.events);
  await writer.close();
  return path;
}

/** Removes the recording's directory. */
export async function removePthreadRecording(recording: PthreadRecording | undefined): Promise<void> {
  if (recording !== undefined) await rm(recording.dir, { recursive: true, force: true });
}

/** Records the programs once before the suite's tests (beforeAll) and removes them after; the getter gives the recording. */
export function usePthreadRecording(): () => PthreadRecording {
  let recording: PthreadRecording | undefined;
  beforeAll(async () => {
    recording = await recordPthreadPrograms();
  }, 240_000);
  afterAll(async () => {
    await removePthreadRecording(recording);
  });
  return () => recording!;
}
