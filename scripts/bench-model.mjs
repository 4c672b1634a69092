#!/usr/bin/env node
// `npm run bench:model`: the replay model of two builds compared in one process, in pairs. On
// these shared VMs a run's speed drifts by up to 2× within minutes, so two separate `npm run
// bench` runs cannot show a 10% change; runs taken back to back, in alternating order, can. Each
// build decodes the trace with its own reader (a column batch belongs to the build that made it),
// then replays it from memory, decoding excluded, under mainline/predictive as `check` does.
// Prints each pair's times and the median of the ratios B/A (below 1: B is faster).
//
//   npm run bench:model -- --base /tmp/base/dist [--trace big.pb] [--pairs 8]
//
// The base is another checkout's build, e.g. `git worktree add /tmp/base HEAD~1`, link its
// node_modules to this one's and run `npx tsc -p tsconfig.build.json` there. Without --trace, a
// trace of 3 M events is generated (`faultline gen`) into a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const here = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const base = value('--base');
if (base === undefined) {
  console.error('bench:model: --base DIST (another build\'s dist directory) is required');
  process.exit(2);
}
const pairs = Math.max(1, Number(value('--pairs', '8')));

const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-model-'));
try {
  let trace = value('--trace');
  if (trace === undefined) {
    const { writeGeneratedTrace } = await import(join(here, 'gen/write-generated-trace.js'));
    const { DEFAULT_GEN_OPTIONS } = await import(join(here, 'gen/gen-options.js'));
    trace = join(dir, 'gen.pb');
    await writeGeneratedTrace({ ...DEFAULT_GEN_OPTIONS, events: 3_000_000 }, trace);
  }

  // One build: its batches of the trace, decoded by it, and a function replaying them once.
  async function load(dist) {
    const { openInput } = await import(join(resolve(dist), 'input/open-input.js'));
    const { createEngine } = await import(join(resolve(dist), 'replay/replay-engine.js'));
    const { createPolicy } = await import(join(resolve(dist), 'policy/create-policy.js'));
    const batches = [];
    for await (const batch of (await openInput(trace)).batches()) batches.push(batch);
    return () => {
      const engine = createEngine({ policy: createPolicy('mainline', {}), semantics: 'predictive' });
      const t = performance.now();
      for (const batch of batches) engine.push(batch);
      return { ms: performance.now() - t, findings: engine.findings().length };
    };
  }
  const runA = await load(base);
  const runB = await load(here);

  const times = { A: [], B: [] };
  const ratios = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which build goes first.
    const [first, second] = i % 2 === 0 ? [runA, runB] : [runB, runA];
    const x = first();
    const y = second();
    const [a, b] = i % 2 === 0 ? [x, y] : [y, x];
    if (a.findings !== b.findings) throw new Error(`the builds disagree: ${a.findings} findings against ${b.findings}`);
    times.A.push(a.ms);
    times.B.push(b.ms);
    ratios.push(b.ms / a.ms);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const list = (xs) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`A (${base}) ms: ${list(times.A)}`);
  console.log(`B (this build) ms: ${list(times.B)}`);
  console.log(`B/A, median of ${pairs} pairs: ${median(ratios).toFixed(3)} (each: ${ratios.map((r) => r.toFixed(2)).join(' ')})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
