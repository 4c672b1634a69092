import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/event.js';
import { acquire, release, taskEvent, timed } from '../helpers/trace-builders.js';
import { kindsOf, run } from '../helpers/engine-run.js';

// Small versions of scale shapes (many tasks, deep nesting, long chains), each with one planted
// AB/BA whose finding must come out, alone. Nesting stays in the hundreds: a task's edges and
// gate sets grow with the square of the locks it holds at once.
function plantedAbba(first: number, second: number): TraceEvent[] {
  return [
    acquire(7, first), acquire(7, second), release(7, second), release(7, first),
    acquire(8, second), acquire(8, first), release(8, first), release(8, second),
  ];
}

describe('replay engine at scale (small versions of the bench shapes)', () => {
  it('replays 20,000 forked tasks that each take one lock once', () => {
    const events: TraceEvent[] = [taskEvent(1, 0, 'parent')];
    for (let t = 0; t < 20_000; t++) {
      events.push(taskEvent(100 + t, 1, 'worker'), acquire(100 + t, 5000 + (t % 64)), acquire(100 + t, 9000), release(100 + t, 9000), release(100 + t, 5000 + (t % 64)));
    }
    const engine = run(timed([...events, ...plantedAbba(1, 2)]), { batchSize: 4096 });
    expect(kindsOf(engine.findings())).toEqual(['order-inversion']);
  });

  it('replays 3 tasks each nesting 120 locks in ascending order, and a chain of their 360 locks', () => {
    const events: TraceEvent[] = [];
    for (let t = 0; t < 3; t++) {
      for (let k = 0; k < 120; k++) events.push(acquire(20 + t, 10_000 + 120 * t + k));
      for (let k = 119; k >= 0; k--) events.push(release(20 + t, 10_000 + 120 * t + k));
    }
    // The chains taken in order by others: the same edges, no cycle.
    for (let k = 0; k + 1 < 360; k++) events.push(acquire(30, 10_000 + k), acquire(30, 10_000 + k + 1), release(30, 10_000 + k + 1), release(30, 10_000 + k));
    const engine = run(timed([...events, ...plantedAbba(1, 2)]), { batchSize: 4096 });
    expect(kindsOf(engine.findings())).toEqual(['order-inversion']);
  });

  it('reports the inversion that closes a long chain of locks at its two ends', () => {
    const events: TraceEvent[] = [];
    for (let k = 0; k < 200; k++) events.push(acquire(40, 20_000 + k));
    for (let k = 199; k >= 0; k--) events.push(release(40, 20_000 + k));
    events.push(acquire(41, 20_199), acquire(41, 20_000), release(41, 20_000), release(41, 20_199));
    expect(kindsOf(run(timed(events)).findings())).toEqual(['order-inversion']);
  });
});
