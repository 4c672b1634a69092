// Generated interleavings of the seed's S2 (two tasks) and S3 (three-file ring) with repeated,
// overlapping DIOs, for property tests: each task does several DIO writes to its own file, each
// faulting on the next task's file (a FILE fault, a page-cache add, or a buffer mapped from it),
// and a fast-check merge order interleaves the tasks' events.
import fc from 'fast-check';
import type { TraceEvent } from '../../src/trace/event.js';
import { A, B, C, MAP_BASE, dioBegin, dioEnd, fileFault, mapping, pageAdd, type TestFile } from './policy-events.js';

export type RingName = 'S2' | 'S3';

const RINGS: Readonly<Record<RingName, readonly TestFile[]>> = { S2: [A, B], S3: [A, B, C] };

type Touch = 'fault' | 'add' | 'buffer';

interface Dio { readonly touches: readonly Touch[]; readonly pages: number }

// One task's DIOs: tid `tid` writes `own`, its buffer in `other`.
function taskEvents(tid: number, own: TestFile, other: TestFile, dios: readonly Dio[]): TraceEvent[] {
  const events: TraceEvent[] = [mapping(tid, MAP_BASE, other)];
  dios.forEach((dio, n) => {
    const buffered = dio.touches.includes('buffer');
    events.push(dioBegin(tid, own, { pos: n * 4096, buf: buffered ? MAP_BASE : 0n }));
    dio.touches.forEach((touch, page) => {
      if (touch === 'fault') events.push(fileFault(tid, other, page % dio.pages));
      if (touch === 'add') events.push(pageAdd(tid, other, page % dio.pages));
    });
    events.push(dioEnd(tid, own, (n + 1) * 4096));
  });
  return events;
}

// Merges the tasks' event lists, keeping each task's order; picks[i] chooses among the unfinished.
function merge(lists: readonly TraceEvent[][], picks: readonly number[]): TraceEvent[] {
  const at = lists.map(() => 0);
  const out: TraceEvent[] = [];
  for (let i = 0; ; i++) {
    const open = lists.map((l, t) => t).filter((t) => at[t] < lists[t].length);
    if (open.length === 0) break;
    const t = open[(picks[i % Math.max(picks.length, 1)] ?? 0) % open.length];
    out.push({ ...lists[t][at[t]++], ts: (out.length + 1) * 1000 });
  }
  return out;
}

const dioArb: fc.Arbitrary<Dio> = fc.record({
  touches: fc.array(fc.constantFrom<Touch>('fault', 'add', 'buffer'), { minLength: 1, maxLength: 3 }),
  pages: fc.integer({ min: 1, max: 3 }),
});

/** Interleavings of `ring`: every task does 1–4 DIOs, each touching the next task's file. */
export function interleavings(ring: RingName): fc.Arbitrary<TraceEvent[]> {
  const files = RINGS[ring];
  return fc.tuple(
    fc.array(fc.array(dioArb, { minLength: 1, maxLength: 4 }), { minLength: files.length, maxLength: files.length }),
    fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
  ).map(([perTask, picks]) => merge(
    perTask.map((dios, t) => taskEvents(t + 1, files[t], files[(t + 1) % files.length], dios)),
    picks,
  ));
}
