#!/usr/bin/env node
// `npm run bench:policies` (and the last part of `npm run bench`): what `check --policy all` costs
// against one policy, from the BUILT dist/ (`npm run build` first; the npm scripts do). Two traces
// generated into a temp dir: the pool shape of lock events only (every policy passes them
// through, so one engine serves all four) and the same with DIO writes, file faults and
// page-cache adds mixed in from the start (`gen --dio`: each policy needs its own engine). Each is
// checked as a user runs it (`faultline check FILE --format json`, a process each) under
// `--policy all` and `--policy fdm`, taking turns, `--rounds` times (default 3); medians of the
// wall time (and, where /usr/bin/time exists, of user CPU and peak RSS), and the ratio all / fdm
// (the median of each round's ratio: a shared, loaded machine varies by tens of percent).
//
//   node scripts/bench-policies.mjs [--events 10000000] [--rounds 3] [--json]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'faultline.js');
const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const events = Number(value('--events', '10000000'));
const rounds = Math.max(1, Number(value('--rounds', '3')));
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const TIME = '/usr/bin/time';
const timed = existsSync(TIME);

// One `faultline` run: wall seconds, and user seconds and peak RSS (KiB) when /usr/bin/time is there.
function run(argv) {
  const t0 = performance.now();
  const child = timed
    ? spawnSync(TIME, ['-f', '%U %M', process.execPath, bin, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallS = (performance.now() - t0) / 1000;
  if (child.status !== 0 && child.status !== 1) throw new Error(`faultline ${argv.join(' ')}: exit ${child.status}: ${child.stderr}`);
  const [userS, rssKiB] = timed ? child.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN];
  return { wallS, userS, rssMiB: rssKiB / 1024, stdout: child.stdout };
}

const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-policies-'));
try {
  const results = { events, rounds, node: process.version, load: (await import('node:os')).loadavg()[0], traces: {} };
  for (const [name, extra] of [['lock-only', []], ['dio', ['--dio']]]) {
    const path = join(dir, `${name}.pb`);
    run(['gen', '--events', String(events), ...extra, '-o', path]);
    const all = [];
    const one = [];
    for (let round = 0; round < rounds; round++) {
      all.push(run(['check', path, '--policy', 'all', '--format', 'json']));
      one.push(run(['check', path, '--policy', 'fdm', '--format', 'json']));
    }
    // The shared replay must not change a report: fdm's in `all` is fdm's alone.
    const fdmOfAll = JSON.parse(all[0].stdout).reports.find((r) => r.policy === 'fdm');
    if (JSON.stringify(fdmOfAll) !== JSON.stringify(JSON.parse(one[0].stdout))) throw new Error(`${name}: fdm's report differs under --policy all`);
    const summary = (runs) => ({ wallS: median(runs.map((r) => r.wallS)), userS: median(runs.map((r) => r.userS)), rssMiB: median(runs.map((r) => r.rssMiB)) });
    results.traces[name] = {
      all: summary(all),
      fdm: summary(one),
      allOverFdm: median(all.map((r, i) => r.wallS / one[i].wallS)),
      runsS: { all: all.map((r) => r.wallS), fdm: one.map((r) => r.wallS) },
    };
  }
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    const s = (x) => (Number.isNaN(x) ? '-' : `${x.toFixed(2)} s`);
    const row = (name, v, extra = '') => console.log(`${name.padEnd(44)}${String(v).padStart(14)}  ${extra}`);
    console.log(`faultline check --policy all vs one policy (${events} events, node ${process.version}, load ${results.load.toFixed(1)}, median of ${rounds} rounds)`);
    for (const [name, r] of Object.entries(results.traces)) {
      for (const policy of ['all', 'fdm']) {
        const p = r[policy];
        row(`${name}: check --policy ${policy}`, s(p.wallS), `user ${s(p.userS)}, peak RSS ${Number.isNaN(p.rssMiB) ? '-' : `${p.rssMiB.toFixed(0)} MiB`}`);
      }
      row(`${name}: --policy all / --policy fdm`, r.allOverFdm.toFixed(2), name === 'lock-only' ? '(goal ≤ 1.3)' : '');
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
