#!/usr/bin/env node
// Collector overhead on two shapes: a 4 KiB O_DIRECT pwrite loop (test/reproducers/dio-loop.c)
// and two processes writing 4 KiB with O_DIRECT from shared mmaps of each other's file
// (test/reproducers/two-writers.c, WRITES/2 each: page-cache and fault events besides the DIOs).
// Runs each bare and under each collector of `faultline record` (a whole recording session,
// trace file written) in the same run, and prints slowdown ratios and lost counts. Then a rate test: the
// ftrace collector under 50 k DIO events/s (4 processes, each paced to 6250 O_DIRECT pwrites/s,
// a dioBegin and a dioEnd each) for 2 s, which must lose nothing.
// Usage (root, after `npm run build`): npm run bench:collect -- [--only C,...] [--rounds N] [WRITES] [DIR]
//   WRITES defaults to 20000; DIR (on a disk file system, not tmpfs) to /var/tmp.
//   --only ftrace,bpftrace,pthread: time only these collectors,
//   and skip the rate test unless ftrace is among them.
//   --rounds N (default 3): rounds of every collector, a bare run between any two runs; a
//   collector's slowdown is the median over rounds of its time against the bare runs around it.
//   --stacks: every collector also runs with `record --stacks` (as "NAME --stacks") in the
//   same rounds. The trace's bytes per event are printed for every run.
// Each run is `sh -c 'read go; exec dio-loop DIR WRITES'`: the recording targets the shell's
// pid, attaches, then the shell is released, so attach time is not measured.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist', 'collect');
if (!existsSync(join(dist, 'session.js'))) {
  console.error('bench-collect: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { startRecording } = await import(join(dist, 'session.js'));

const COLLECTORS = ['ftrace', 'bpftrace', 'pthread'];
const args = process.argv.slice(2);
let only = COLLECTORS;
const onlyAt = args.indexOf('--only');
if (onlyAt >= 0) {
  only = (args[onlyAt + 1] ?? '').split(',');
  args.splice(onlyAt, 2);
  const unknown = only.filter((c) => !COLLECTORS.includes(c));
  if (unknown.length > 0 || only.length === 0) {
    console.error(`bench-collect: --only takes some of ${COLLECTORS.join(',')}, got ${unknown.join(',') || 'nothing'}`);
    process.exit(2);
  }
}
const stacksAt = args.indexOf('--stacks');
const withStacks = stacksAt >= 0;
if (withStacks) args.splice(stacksAt, 1);
let rounds = 3;
const roundsAt = args.indexOf('--rounds');
if (roundsAt >= 0) {
  rounds = Number(args[roundsAt + 1]);
  args.splice(roundsAt, 2);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error('bench-collect: --rounds takes a positive integer');
    process.exit(2);
  }
}
const writes = Number(args[0] ?? 20000);
const dir = await mkdtemp(join(args[1] ?? '/var/tmp', 'faultline-bench-'));
const binary = join(dir, 'dio-loop');
await execa('gcc', ['-O2', '-o', binary, join(root, 'test', 'reproducers', 'dio-loop.c')]);
const twoWriters = join(dir, 'two-writers');
await execa('gcc', ['-O2', '-o', twoWriters, join(root, 'test', 'reproducers', 'two-writers.c')]);
const SHAPES = [
  { shape: 'loop', script: `exec ${binary} ${dir} ${writes}` },
  { shape: 'two-writers', script: `exec ${twoWriters} ${dir} ${Math.floor(writes / 2)}` },
];

// dio-paced DIR RATE SECONDS: RATE 4 KiB O_DIRECT pwrites per second for SECONDS, on a
// deadline schedule (late writes are not made up by bursts beyond the schedule).
const PACED_C = `
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
int main(int argc, char **argv) {
  if (argc < 4) return 2;
  long rate = atol(argv[2]); double secs = atof(argv[3]);
  char path[4096]; snprintf(path, sizeof path, "%s/paced.dat", argv[1]);
  int fd = open(path, O_CREAT | O_WRONLY | O_DIRECT, 0644); if (fd < 0) { perror(path); return 1; }
  void *buf; if (posix_memalign(&buf, 4096, 4096)) return 1; memset(buf, 'p', 4096);
  long total = (long)(rate * secs); long long period = 1000000000LL / rate, start = now_ns();
  for (long i = 0; i < total; i++) {
    long long due = start + i * period;
    while (now_ns() < due) { struct timespec t = { 0, 20000 }; nanosleep(&t, NULL); }
    if (pwrite(fd, buf, 4096, (off_t)(i % 256) * 4096) != 4096) { perror("pwrite"); return 1; }
  }
  printf("%ld %lld\\n", total, now_ns() - start);
  return 0;
}
`;
const paced = join(dir, 'dio-paced');
await writeFile(`${paced}.c`, PACED_C);
await execa('gcc', ['-O2', '-o', paced, `${paced}.c`]);

// Runs `script` in a held shell; `collectors` (or none: bare) record it into a trace file.
async function run(script, collectors, stacks = false) {
  const shell = execa('sh', ['-c', `read go; ${script}`], { stdin: 'pipe' });
  const trace = join(dir, 'bench.pb');
  const session = collectors === undefined
    ? undefined
    : await startRecording({ collectors, pids: [shell.pid], output: trace, stacks });
  shell.stdin.end('go\n');
  const { stdout } = await shell;
  const summary = session === undefined ? { events: 0, lost: 0 } : await session.stop();
  const bytes = session === undefined ? 0 : (await stat(trace)).size;
  await rm(trace, { force: true });
  return { stdout, events: summary.events, lost: summary.lost, bytes };
}

async function loop(name, collectors, script, stacks = false) {
  const result = await run(script, collectors, stacks);
  return { name, elapsedNs: Number(result.stdout.trim().split(' ')[1]), events: result.events, lost: result.lost, bytes: result.bytes };
}

// Rounds of every collector, a bare run between any two runs: each collector run is compared
// with the mean of the bare runs just before and after it (this machine's speed drifts by tens
// of percent within a minute), and the median of its rounds is its slowdown.
for (const { shape, script } of SHAPES) {
  await loop('warm-up', undefined, script); // file allocation, page tables
  const runs = [];
  let bareBefore = await loop('bare', undefined, script);
  runs.push(bareBefore);
  const variants = only.flatMap((c) => (withStacks ? [[c, false], [c, true]] : [[c, false]]));
  const nameOf = (collector, stacks) => (stacks ? `${collector} --stacks` : collector);
  const ratios = new Map(variants.map(([c, s]) => [nameOf(c, s), []]));
  for (let round = 0; round < rounds; round++) {
    for (const [collector, stacks] of variants) {
      const run = await loop(nameOf(collector, stacks), [collector], script, stacks);
      const bareAfter = await loop('bare', undefined, script);
      run.ratio = run.elapsedNs / ((bareBefore.elapsedNs + bareAfter.elapsedNs) / 2);
      ratios.get(run.name).push(run.ratio);
      runs.push(run, bareAfter);
      bareBefore = bareAfter;
    }
  }

  console.log(`\n${shape}: ${writes} x 4 KiB O_DIRECT pwrite in ${dir}, ${rounds} rounds`);
  console.log('run                 us/write  slowdown    events      lost  bytes/event');
  for (const r of runs) {
    console.log(
      `${r.name.padEnd(18)} ${(r.elapsedNs / writes / 1000).toFixed(1).padStart(9)} ` +
        `${r.ratio === undefined ? '         ' : `${r.ratio.toFixed(2).padStart(8)}x`} ${String(r.events).padStart(9)} ${String(r.lost).padStart(9)}` +
        `${r.events > 0 ? (r.bytes / r.events).toFixed(1).padStart(13) : ''}`,
    );
  }
  console.log(`\n${shape}: collector          slowdown (median of rounds, range)`);
  for (const [collector, list] of ratios) {
    const sorted = [...list].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`${collector.padEnd(18)} ${median.toFixed(2)}x (${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)})`);
  }
}

if (!only.includes('ftrace')) {
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
}

// Rate test: 4 paced writers, 2 events per write.
const WRITERS = 4;
const RATE = 6250;
const SECONDS = 2;
const dirs = Array.from({ length: WRITERS }, (_, i) => join(dir, `w${i}`));
await execa('mkdir', ['-p', ...dirs]);
const script = `${dirs.map((d) => `${paced} ${d} ${RATE} ${SECONDS} &`).join(' ')} wait`;
const rate = await run(script, ['ftrace']);
const wall = Math.max(...rate.stdout.trim().split('\n').map((line) => Number(line.split(' ')[1])));
const dios = WRITERS * RATE * SECONDS;
console.log(
  `\nrate: ${WRITERS} writers x ${RATE} O_DIRECT pwrites/s for ${SECONDS} s under ftrace: ` +
    `${Math.round((2 * dios) / (wall / 1e9))} DIO events/s (${rate.events} events recorded), ${rate.lost} lost`,
);
await rm(dir, { recursive: true, force: true });
if (rate.lost > 0) process.exitCode = 1;
