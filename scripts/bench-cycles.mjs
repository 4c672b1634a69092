#!/usr/bin/env node
// `npm run bench:cycles`: the cost of dense lock-order graphs. n threads rotate n mutexes (thread
// k takes locks k, k+1, …, k+n-1 mod n nested: the complete order graph on n locks, more
// elementary cycles than can be listed), replayed from memory under each semantics. Prints per
// run the findings, the further cycles they stand for, and wall and CPU time; several rounds,
// since a shared machine's speed drifts.
//
//   npm run bench:cycles [-- --locks 64 --rounds 3]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const n = Number(value('--locks', '64'));
const rounds = Math.max(1, Number(value('--rounds', '3')));
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { createEngine } = await import(join(dist, 'replay', 'replay-engine.js'));

function rotation(size) {
  const events = [];
  let ts = 0;
  const lock = (tid, op, id) => ({
    ts: (ts += 1000), tid, pid: tid, cpu: 0, kind: 'lock',
    lock: { op, lock: BigInt(id), cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0 },
  });
  for (let k = 0; k < size; k++) {
    const tid = 100 + k;
    events.push({ ts: (ts += 1000), tid, pid: tid, cpu: 0, kind: 'task', task: { parentTid: 1, comm: `rot${k}` } });
    for (let i = 0; i < size; i++) events.push(lock(tid, 'ACQUIRE', 1000 + ((k + i) % size)));
    for (let i = size - 1; i >= 0; i--) events.push(lock(tid, 'RELEASE', 1000 + ((k + i) % size)));
  }
  return events;
}

const events = rotation(n);
const policy = { name: 'naive', apply() {} };
console.log(`rotation of ${n} locks over ${n} threads: ${events.length} events`);
for (let r = 0; r < rounds; r++) {
  for (const semantics of ['instance', 'lockdep']) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const engine = createEngine({ policy, semantics });
    engine.push(events);
    const findings = engine.findings();
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const more = findings.reduce((sum, f) => sum + (f.moreCycles ?? 0), 0);
    console.log(`  ${semantics.padEnd(8)} findings ${String(findings.length).padStart(3)}  moreCycles ${String(more).padStart(5)}  `
      + `wall ${wall.toFixed(0).padStart(5)} ms  cpu ${((used.user + used.system) / 1000).toFixed(0).padStart(5)} ms`);
  }
}
