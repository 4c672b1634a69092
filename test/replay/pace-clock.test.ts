import { describe, expect, it } from 'vitest';
import { MAX_LAG_MS, clockAfterChunk, delayMs, idleClock, steerClock, traceNow, type PaceClock } from '../../src/replay/pace-clock.js';

const MS = 1_000_000;
const running = (speed: number | 'max', wallMs: number, traceNs: number, paused = false): PaceClock => ({ speed, paused, wallMs, traceNs });

describe('pace clock', () => {
  it.each([
    { name: 'at ×1 one wall ms is one trace ms', clock: running(1, 100, 5 * MS), now: 130, expected: 35 * MS },
    { name: 'at ×4 one wall ms is four trace ms', clock: running(4, 100, 5 * MS), now: 110, expected: 45 * MS },
    { name: 'at ×0.5 (slow motion) two wall ms are one trace ms', clock: running(0.5, 100, 0), now: 120, expected: 10 * MS },
    { name: 'paused it stands still', clock: running(1, 100, 5 * MS, true), now: 900, expected: 5 * MS },
    { name: "at 'max' it stands where the replay is", clock: running('max', 100, 5 * MS), now: 900, expected: 5 * MS },
  ])('trace time: $name', ({ clock, now, expected }) => {
    expect(traceNow(clock, now)).toBe(expected);
  });

  it.each([
    { name: 'a chunk ahead waits for the trace time between, scaled by speed', clock: running(2, 0, 0), ts: 40 * MS, now: 10, expected: 10 },
    { name: 'a chunk already due goes at once', clock: running(1, 0, 0), ts: 5 * MS, now: 10, expected: 0 },
    { name: "'max' never waits", clock: running('max', 0, 0), ts: 1e9 * MS, now: 0, expected: 0 },
    { name: 'the first chunk starts the clock at once', clock: idleClock({ speed: 1, paused: false }, 0), ts: 7 * MS, now: 3, expected: 0 },
    { name: 'paused nothing is due', clock: running(1, 0, 0, true), ts: 0, now: 10, expected: undefined },
    { name: 'paused before the first chunk nothing is due', clock: idleClock({ speed: 1, paused: true }, 0), ts: 0, now: 10, expected: undefined },
  ])('delay: $name', ({ clock, ts, now, expected }) => {
    expect(delayMs(clock, ts, now)).toBe(expected);
  });

  it('re-anchors where it stands when steered, so a change takes effect from now', () => {
    const clock = steerClock(running(1, 0, 0), { speed: 4, paused: false }, 40);
    expect(clock).toEqual(running(4, 40, 40 * MS));
    expect(delayMs(clock, 100 * MS, 40)).toBe(15);
  });

  it('resumes from where it paused', () => {
    const paused = steerClock(running(1, 0, 0), { speed: 1, paused: true }, 20);
    const resumed = steerClock(paused, { speed: 1, paused: false }, 70);
    expect(delayMs(resumed, 30 * MS, 70)).toBe(10);
  });

  it.each([
    { name: 'the first chunk starts the clock', clock: idleClock({ speed: 1, paused: false }, 0), ts: 9 * MS, now: 5, expected: running(1, 5, 9 * MS) },
    { name: "at 'max' the clock follows the replay", clock: running('max', 0, 0), ts: 9 * MS, now: 5, expected: running('max', 5, 9 * MS) },
    { name: 'a replay on time leaves the clock alone', clock: running(1, 0, 0), ts: 10 * MS, now: 10, expected: running(1, 0, 0) },
    { name: `a replay more than ${MAX_LAG_MS} ms behind makes the clock wait for it`, clock: running(1, 0, 0), ts: 10 * MS, now: 10 + MAX_LAG_MS + 1, expected: running(1, 10 + MAX_LAG_MS + 1, 10 * MS) },
  ])('after a chunk: $name', ({ clock, ts, now, expected }) => {
    expect(clockAfterChunk(clock, ts, now)).toEqual(expected);
  });
});
