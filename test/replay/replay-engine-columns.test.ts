// The engine reads column batches (plain lock events as dense ids) exactly as it reads the same
// events as objects: same findings, with the same events, stacks and counts, and same snapshots.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src/gen/prng.js';
import { createPolicy } from '../../src/policy/create-policy.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import { createEngine } from '../../src/replay/replay-engine.js';
import type { Batch, LockMode, TraceEvent } from '../../src/trace/event.js';
import { createBatchDecoder } from '../../src/trace/fast-batch-decoder.js';
import { columnsOf } from '../../src/trace/fast-event-columns.js';
import { readTrace } from '../../src/trace/trace-reader.js';
import { referenceBatchBytes } from '../helpers/fast-decoder-fuzz.js';
import { exitEvent, lockEvent, taskEvent } from '../helpers/trace-builders.js';
import { readAllBatches } from '../helpers/trace-files.js';

const MODES: readonly LockMode[] = ['EXCLUSIVE', 'SHARED', 'SHARED_RECURSIVE', 'EXCLUSIVE'];

// Lock events on few locks in random order (inversions, AA, bad unlocks, trylocks), some with a
// comm or a stack, and tids that exit and come back as new tasks.
function randomLockTrace(seed: number, n: number): TraceEvent[] {
  const prng = createPrng(seed);
  const events: TraceEvent[] = [];
  for (let i = 0; i < n; i++) {
    const tid = 1 + prng.below(4);
    const ts = (i + 1) * 10;
    const r = prng.below(100);
    if (r < 2) { events.push(exitEvent(tid, { ts })); continue; }
    if (r < 4) { events.push(taskEvent(tid, 9, `t${tid}`, { ts })); continue; }
    const op = r < 55 ? 'ACQUIRE' : r < 95 ? 'RELEASE' : 'TRY_FAILED';
    events.push(lockEvent(tid, op, 0xffff_8880_0000_0000n + BigInt(64 * prng.below(6)), {
      ts,
      mode: MODES[prng.below(MODES.length)],
      try: prng.below(8) === 0,
      ...(prng.below(10) === 0 ? { comm: `c${tid}` } : {}),
      ...(prng.below(10) === 0 ? { stack: [0xffff_ffff_8100_0000n + BigInt(i)] } : {}),
    }));
  }
  return events;
}

function columnBatches(events: readonly TraceEvent[], size: number): Batch[] {
  const decoder = createBatchDecoder();
  const out: Batch[] = [];
  for (let i = 0; i < events.length; i += size) {
    const bytes = referenceBatchBytes(events.slice(i, i + size));
    out.push(decoder.decode(bytes, 0, bytes.length, () => undefined));
  }
  return out;
}

function replayBoth(batches: readonly Batch[], policy: (typeof POLICY_NAMES)[number], semantics: 'predictive' | 'lockdep') {
  const columns = createEngine({ policy: createPolicy(policy), semantics });
  const objects = createEngine({ policy: createPolicy(policy), semantics });
  for (const batch of batches) {
    expect(columnsOf(batch)).toBeDefined();
    columns.push(batch);
    objects.push([...batch]);
  }
  return { columns, objects };
}

describe('the replay engine on column batches', () => {
  // Few events under lockdep: class-level cycles of random lock orders are many.
  it.each([[1, 'predictive', 800], [2, 'predictive', 800], [3, 'lockdep', 150], [4, 'lockdep', 150]] as const)(
    'finds what it finds on the same events as objects (seed %i, %s, %i events)',
    (seed, semantics, n) => {
      const { columns, objects } = replayBoth(columnBatches(randomLockTrace(seed, n), 64), 'naive', semantics);
      expect(objects.findings().length).toBeGreaterThan(0);
      expect(columns.findings()).toEqual(objects.findings());
      expect(columns.snapshot()).toEqual(objects.snapshot());
      expect(columns.events).toBe(n);
    },
  );

  const samples = readdirSync('traces').filter((f) => f.endsWith('.pb')).sort();
  it.each(samples)('finds on sample %s under every policy what it finds on objects', async (name) => {
    const batches = await readAllBatches(await readTrace(join('traces', name)));
    for (const policy of POLICY_NAMES) {
      for (const semantics of ['predictive', 'lockdep'] as const) {
        const { columns, objects } = replayBoth(batches, policy, semantics);
        expect(columns.findings()).toEqual(objects.findings());
        expect(columns.snapshot()).toEqual(objects.snapshot());
      }
    }
  });
});
