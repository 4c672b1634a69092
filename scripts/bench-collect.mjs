#!/usr/bin/env node
// Collector overhead on a 4 KiB O_DIRECT pwrite loop (test/reproducers/dio-loop.c): runs it
// bare and under each collector in the same run, and prints slowdown ratios and lost counts.
// Usage (root, after `npm run build`): node scripts/bench-collect.mjs [WRITES] [DIR]
//   WRITES defaults to 20000; DIR (on a disk file system, not tmpfs) to /var/tmp.
// Each run is `sh -c 'read go; exec dio-loop DIR WRITES'`: the collector targets the shell's
// pid, attaches, then the shell is released, so attach time is not measured.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist', 'collect');
if (!existsSync(join(dist, 'bpftrace-runner.js'))) {
  console.error('bench-collect: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { startBpftraceCollector } = await import(join(dist, 'bpftrace-runner.js'));
const { checkBpftraceEnv } = await import(join(dist, 'collect-env.js'));
const hasTracefsCollector = existsSync(join(dist, 'tracefs-instance.js'));

const writes = Number(process.argv[2] ?? 20000);
const dir = await mkdtemp(join(process.argv[3] ?? '/var/tmp', 'faultline-bench-'));
const bpftrace = checkBpftraceEnv();
const binary = join(dir, 'dio-loop');
await execa('gcc', ['-O2', '-o', binary, join(root, 'test', 'reproducers', 'dio-loop.c')]);

// Runs the loop once; `attach(pid)` starts a collector on the waiting shell and returns its stop().
async function runLoop(attach) {
  const shell = execa('sh', ['-c', `read go; exec ${binary} ${dir} ${writes}`], { stdin: 'pipe' });
  const stop = attach === undefined ? undefined : await attach(shell.pid);
  shell.stdin.end('go\n');
  const { stdout } = await shell;
  const elapsedNs = Number(stdout.trim().split(' ')[1]);
  const collected = stop === undefined ? { events: 0, lost: 0 } : await stop();
  return { elapsedNs, ...collected };
}

function bpftraceCollector(script) {
  return async (pid) => {
    let events = 0;
    const collector = await startBpftraceCollector({
      script, pid, bpftrace, onEvents: (batch) => { events += batch.length; },
    });
    await collector.attached;
    return async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const summary = await collector.stop();
      return { events, lost: summary.lost };
    };
  };
}

async function tracefsCollector(pid) {
  const { openTracefsInstance } = await import(join(dist, 'tracefs-instance.js'));
  const { FAULTLINE_TRACEFS_EVENTS } = await import(join(dist, 'tracefs-events.js'));
  const instance = await openTracefsInstance({ events: FAULTLINE_TRACEFS_EVENTS, pids: [pid], bufferSizeKb: 8192 });
  let events = 0;
  const reading = (async () => {
    for await (const line of instance.lines()) if (!line.startsWith('#')) events++;
  })();
  return async () => {
    await instance.stop();
    await reading;
    const lost = await instance.overruns();
    await instance.close();
    return { events, lost };
  };
}

const rows = [];
const measure = async (name, attach) => rows.push({ name, ...(await runLoop(attach)) });
await runLoop(undefined); // warm-up: file allocation, page tables
await measure('bare', undefined);
await measure('kernel.bt (bpftrace)', bpftraceCollector('kernel'));
await measure('pthread.bt (bpftrace)', bpftraceCollector('pthread'));
if (hasTracefsCollector) await measure('tracefs instance', tracefsCollector);
await measure('bare (again)', undefined);

const bare = (rows[0].elapsedNs + rows[rows.length - 1].elapsedNs) / 2;
console.log(`${writes} x 4 KiB O_DIRECT pwrite in ${dir}`);
console.log('collector                 us/write  slowdown    events      lost');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(24)} ${(r.elapsedNs / writes / 1000).toFixed(1).padStart(9)} ` +
      `${(r.elapsedNs / bare).toFixed(2).padStart(8)}x ${String(r.events).padStart(9)} ${String(r.lost).padStart(9)}`,
  );
}
