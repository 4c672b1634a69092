import { describe, expect, it } from 'vitest';
import { createDioTracker, type DioBeginEvent } from '../../src/policy/dio-tracker.js';
import { createRecordingSink } from '../helpers/policy-recording-sink.js';

const begin = (tid: number, ino: number, aio = false, ts = 0, stack?: readonly bigint[]): DioBeginEvent => ({
  ts, tid, pid: tid, cpu: 0, stack, kind: 'dioBegin',
  dioBegin: { dev: 1, ino, pos: 0, len: 4096, write: true, aio, flags: 0, buf: 0n },
});

describe('DIO tracker', () => {
  it('keeps one DIO per task and reuses its slot', () => {
    const dios = createDioTracker();
    const sink = createRecordingSink();
    const first = dios.begin(begin(1, 10), 0);
    expect(dios.current(1)).toBe(first);
    dios.finish(sink, first);
    expect(dios.current(1)).toBeUndefined();
    expect(dios.begin(begin(1, 11), 5)).toBe(first);
    expect(first.beginIndex).toBe(5);
    expect(dios.slots).toHaveLength(1);
  });

  it('forgets a task\'s synchronous DIO at its loss, and every DIO at a loss of every task (tid 0); a dioEnd after completes nothing', () => {
    const dios = createDioTracker();
    const sink = createRecordingSink();
    dios.begin(begin(1, 10), 0).held.push(7, 8);
    dios.begin(begin(2, 11, true), 1).held.push(9);
    const seen: number[] = [];
    expect(dios.forget(sink, 1, (dio) => seen.push(dio.tid))).toBe(2);
    expect(sink.steps.map((s) => s.kind === 'release' && [s.tid, s.lock])).toEqual([[1, 8], [1, 7]]);
    expect(dios.completing(1, 1, 10)).toBeUndefined();
    // An aio DIO completes in another task: its submitter's loss does not hold its end.
    expect(dios.forget(sink, 2, (dio) => seen.push(dio.tid))).toBe(0);
    expect(dios.current(2)).toBeDefined();
    expect(dios.forget(sink, 0, (dio) => seen.push(dio.tid))).toBe(1);
    expect(seen).toEqual([1, 2]);
    expect(dios.completing(3, 1, 11)).toBeUndefined();
  });

  it('keeps the dioBegin event (index, ts, stack) that a coherency hazard names', () => {
    const dios = createDioTracker();
    const stack = [0xffff_ffff_8100_0000n];
    const dio = dios.begin(begin(1, 10, false, 7000, stack), 3);
    expect([dio.beginIndex, dio.beginTs, dio.beginStack]).toEqual([3, 7000, stack]);
    dios.finish(createRecordingSink(), dio);
    expect(dios.begin(begin(1, 10, false, 9000), 4)).toMatchObject({ beginIndex: 4, beginTs: 9000, beginStack: undefined });
  });

  it('refuses a second DIO of a task while its first is in flight', () => {
    const dios = createDioTracker();
    dios.begin(begin(1, 10), 0);
    expect(() => dios.begin(begin(1, 11), 1)).toThrow(/inside its DIO/);
  });

  it.each([
    ['its own DIO of the file', 1, 10, 1],
    ['the oldest aio DIO of the file, from another context', 9, 20, 2],
    ['its own DIO when no aio DIO of the file is in flight', 1, 30, 1],
    ['nothing for a task with no DIO', 9, 30, undefined],
  ] as const)('completes %s', (_what, tid, ino, expectedTid) => {
    const dios = createDioTracker();
    dios.begin(begin(1, 10), 0);
    dios.begin(begin(2, 20, true), 1);
    dios.begin(begin(3, 20, true), 2);
    expect(dios.completing(tid, 1, ino)?.tid).toBe(expectedTid);
  });

  it('releases what the DIO held, last first, on behalf of its task', () => {
    const dios = createDioTracker();
    const sink = createRecordingSink();
    const dio = dios.begin(begin(4, 10), 0);
    dio.held.push(7, 8);
    dios.finish(sink, dio);
    expect(sink.steps.map((s) => (s.kind === 'release' ? [s.tid, s.lock] : s.kind))).toEqual([[4, 8], [4, 7]]);
    expect(dio.held).toEqual([]);
  });
});
