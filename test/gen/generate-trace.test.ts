import { describe, expect, it } from 'vitest';
import { createBatchGenSink } from '../../src/gen/batch-gen-sink.js';
import { genLockId } from '../../src/gen/gen-sink.js';
import { generateTrace } from '../../src/gen/generate-trace.js';
import { DEFAULT_GEN_OPTIONS, expectedFindings, type GenOptions } from '../../src/gen/gen-options.js';
import { writeGeneratedTrace } from '../../src/gen/write-generated-trace.js';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import { checkInput } from '../../src/replay/check-input.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { readTrace } from '../../src/trace/trace-reader.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';

function generate(options: GenOptions): TraceEvent[][] {
  const sink = createBatchGenSink();
  const batches: TraceEvent[][] = [];
  for (const _ of generateTrace(options, sink)) batches.push(sink.take());
  batches.push(sink.take());
  return batches;
}

const small: GenOptions = { ...DEFAULT_GEN_OPTIONS, events: 20_000, tasks: 6, locks: 24, depth: 3, abba: 3, abc: 2, aa: 2, batchSize: 1000 };

function kinds(findings: readonly { kind: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

describe('the synthetic trace generator', () => {
  it.each([[1_000], [20_000], [33_333]])('writes exactly %i events, in batches, with ts increasing', (events) => {
    const batches = generate({ ...small, events });
    const all = batches.flat();
    expect(all.length).toBe(events);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThan(small.batchSize + 16);
    expect(all.every((e, i) => i === 0 || e.ts > all[i - 1].ts)).toBe(true);
  });

  it('gives the same trace for the same seed and another for another seed', () => {
    expect(generate(small)).toEqual(generate(small));
    expect(generate({ ...small, seed: 2 }).flat()).not.toEqual(generate(small).flat());
  });

  it('releases every lock it takes, and a pool lock is never held by two tasks', () => {
    const holder = new Map<bigint, number>();
    for (const e of generate({ ...small, aa: 0 }).flat()) {
      if (e.kind !== 'lock') continue;
      if (e.lock.op === 'ACQUIRE') {
        expect(holder.get(e.lock.lock)).toBeUndefined();
        holder.set(e.lock.lock, e.tid);
      } else if (e.lock.op === 'RELEASE') {
        expect(holder.get(e.lock.lock)).toBe(e.tid);
        holder.delete(e.lock.lock);
      }
    }
    expect(holder.size).toBe(0);
  });

  it('with a window, takes each nested pool lock after the one before and at most that far past it', async () => {
    const options = { ...small, locks: 2000, window: 40, depth: 4, tasks: 16, abc: 0, aa: 0, events: 40_000 };
    const index = (lock: bigint): number => Number(lock - genLockId(0)) / 64;
    const held = new Map<number, number[]>();
    const pairs = new Set<string>();
    for (const e of generate(options).flat()) {
      if (e.kind !== 'lock') continue;
      const h = held.get(e.tid) ?? [];
      held.set(e.tid, h);
      const lock = index(e.lock.lock);
      if (e.lock.op === 'ACQUIRE') {
        const last = h[h.length - 1];
        if (last !== undefined && lock < options.locks) expect(lock - last).toBeGreaterThan(0);
        if (last !== undefined && lock < options.locks) expect(lock - last).toBeLessThanOrEqual(40);
        for (const x of h) pairs.add(`${x}>${lock}`);
        h.push(lock);
      } else if (e.lock.op === 'RELEASE') {
        h.splice(h.indexOf(lock), 1);
      }
    }
    // Many distinct lock pairs, where a pool of 24 locks has at most 276.
    expect(pairs.size).toBeGreaterThan(2000);
    const dir = traceTempDir();
    try {
      await writeGeneratedTrace(options, dir.path('w.pb'));
      const result = await checkInput(await openInput(dir.path('w.pb')), ['naive'], 'predictive');
      expect(kinds(result.results[0].findings)).toEqual({ 'order-inversion': options.abba });
    } finally {
      dir.remove();
    }
  });

  it.each([false, true])('plants exactly the findings a check reports, under every policy and semantics (dio %s)', async (dio) => {
    const options = { ...small, dio };
    const dir = traceTempDir();
    try {
      await writeGeneratedTrace(options, dir.path('g.pb'));
      const expected = expectedFindings(options);
      for (const semantics of ['predictive', 'lockdep'] as const) {
        const result = await checkInput(await openInput(dir.path('g.pb')), POLICY_NAMES, semantics);
        for (const { findings } of result.results) expect(kinds(findings)).toEqual(expected);
        expect(result.info).toMatchObject({ events: options.events, complete: true, skipped: 0 });
      }
    } finally {
      dir.remove();
    }
  });

  it('writes through the fast encoder the events the object sink gives, also gzipped', async () => {
    const options = { ...small, events: 5_000, dio: true };
    const dir = traceTempDir();
    try {
      await writeGeneratedTrace(options, dir.path('g.pb'));
      await writeGeneratedTrace(options, dir.path('g.pb.gz'));
      const expected = generate(options).flat();
      expect(await readAllEvents(await readTrace(dir.path('g.pb')))).toEqual(expected);
      expect(await readAllEvents(await openInput(dir.path('g.pb.gz')))).toEqual(expected);
    } finally {
      dir.remove();
    }
  });
});
