import { describe, expect, it } from 'vitest';
import type { Batch, TraceEvent } from '../../src/trace/event.js';
import { createReorderWindow } from '../../src/collect/reorder-window.js';

const ev = (ts: number): TraceEvent => ({ ts, tid: 1, pid: 1, cpu: 0, kind: 'exit', exit: {} });

function run(windowNs: number, maxEvents: number, steps: readonly (number | { advance: number } | 'flush')[], limitNs?: number) {
  const batches: number[][] = [];
  const limit = limitNs === undefined ? undefined : () => limitNs;
  const w = createReorderWindow({ windowNs, maxEvents, limit, onBatch: (b: Batch) => batches.push(b.map((e) => e.ts)) });
  for (const step of steps) {
    if (step === 'flush') w.flush();
    else if (typeof step === 'number') w.push(ev(step));
    else w.advance(step.advance);
  }
  return { batches, late: w.late, held: w.held };
}

describe('createReorderWindow', () => {
  it.each([
    { name: 'sorts events that arrive out of order within the window', window: 100, max: 100,
      steps: [30, 10, 20, 'flush'] as const, batches: [[10, 20, 30]], late: 0 },
    { name: 'releases by trace time once the held events span two windows', window: 10, max: 100,
      steps: [5, 1, 3, 22, 'flush'] as const, batches: [[1, 3, 5], [22]], late: 0 },
    { name: 'releases the oldest, down to half of maxEvents, when more than maxEvents are held', window: 1000, max: 2,
      steps: [3, 1, 2, 'flush'] as const, batches: [[1, 2], [3]], late: 0 },
    { name: 'releases on advance what is a window older than now', window: 10, max: 100,
      steps: [50, 40, { advance: 55 }, 'flush'] as const, batches: [[40], [50]], late: 0 },
    { name: 'releases events pushed in order as pushed, and sorts again after one out of order', window: 10, max: 100,
      steps: [1, 2, 2, 3, 25, 4, 40, 41, 'flush'] as const, batches: [[1, 2, 2, 3], [4], [25, 40, 41]], late: 0 },
    { name: 'counts an event older than one already released as late, and does not deliver it', window: 10, max: 100,
      steps: [50, { advance: 100 }, 45, 'flush'] as const, batches: [[50]], late: 1 },
  ])('$name', ({ window, max, steps, batches, late }) => {
    const result = run(window, max, steps);
    expect(result.batches).toEqual(batches);
    expect(result.late).toBe(late);
    expect(result.held).toBe(0);
  });

  it('holds events until they are a window old', () => {
    expect(run(100, 100, [10, 20, { advance: 50 }]).held).toBe(2);
  });

  it('releases nothing past the limit (the sources\' watermark) but for maxEvents', () => {
    expect(run(10, 100, [10, 20, 30, { advance: 1000 }], 15).batches).toEqual([[10]]);
    expect(run(10, 2, [10, 20, 30, 40, 50], 15).batches).toEqual([[10, 20], [30, 40]]);
  });
});
