import { describe, expect, it } from 'vitest';
import { createDioTracker } from '../../src/policy/dio-tracker.js';
import type { DioBegin } from '../../src/trace/event.js';
import { createRecordingSink } from '../helpers/policy-recording-sink.js';

const begin = (ino: number, aio = false): DioBegin => ({ dev: 1, ino, pos: 0, len: 4096, write: true, aio, flags: 0, buf: 0n });

describe('DIO tracker', () => {
  it('keeps one DIO per task and reuses its slot', () => {
    const dios = createDioTracker();
    const sink = createRecordingSink();
    const first = dios.begin(1, 0, begin(10));
    expect(dios.current(1)).toBe(first);
    dios.finish(sink, first);
    expect(dios.current(1)).toBeUndefined();
    expect(dios.begin(1, 5, begin(11))).toBe(first);
    expect(first.beginIndex).toBe(5);
    expect(dios.slots).toHaveLength(1);
  });

  it('refuses a second DIO of a task while its first is in flight', () => {
    const dios = createDioTracker();
    dios.begin(1, 0, begin(10));
    expect(() => dios.begin(1, 1, begin(11))).toThrow(/inside its DIO/);
  });

  it.each([
    ['its own DIO of the file', 1, 10, 1],
    ['the oldest aio DIO of the file, from another context', 9, 20, 2],
    ['its own DIO when no aio DIO of the file is in flight', 1, 30, 1],
    ['nothing for a task with no DIO', 9, 30, undefined],
  ] as const)('completes %s', (_what, tid, ino, expectedTid) => {
    const dios = createDioTracker();
    dios.begin(1, 0, begin(10));
    dios.begin(2, 1, begin(20, true));
    dios.begin(3, 2, begin(20, true));
    expect(dios.completing(tid, 1, ino)?.tid).toBe(expectedTid);
  });

  it('releases what the DIO held, last first, on behalf of its task', () => {
    const dios = createDioTracker();
    const sink = createRecordingSink();
    const dio = dios.begin(4, 0, begin(10));
    dio.held.push(7, 8);
    dios.finish(sink, dio);
    expect(sink.steps.map((s) => (s.kind === 'release' ? [s.tid, s.lock] : s.kind))).toEqual([[4, 8], [4, 7]]);
    expect(dio.held).toEqual([]);
  });
});
