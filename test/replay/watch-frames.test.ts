import { describe, expect, it } from 'vitest';
import { FRAME_MS, MAX_SPEED_FRAME_MS, frameMsAt, throttleFrames } from '../../src/replay/watch-frames.js';
import { watchScheduler } from '../helpers/watch-batches.js';

describe('throttleFrames', () => {
  it.each([
    { name: 'shows the first change at once and the newest at the end of the frame', source: '-a-b-c---------d-|', expected: '-a----c--------d-|' },
    { name: 'passes changes slower than the frame rate through', source: 'a------b------c|', expected: 'a------b------c|' },
    { name: 'always shows the last change, even when the source ends within a frame', source: 'a-b|', expected: 'a----(b|)' },
    { name: 'never shows more than one frame per 5 ms under a flood', source: 'abcdefghijk|', expected: 'a----f----k|' },
  ])('$name', ({ source, expected }) => {
    watchScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold(source).pipe(throttleFrames(() => 5))).toBe(expected);
    });
  });

  it('passes at once the values it is told are urgent, throttling the rest', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab-D---|').pipe(throttleFrames(() => 5, undefined, (v) => v === 'D'))).toBe('a--D-b-|');
    });
  });

  it('reads the frame time at the start of each frame, so a change applies from the next frame', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      let frameMs = 5;
      cold('------x').subscribe(() => { frameMs = 2; });
      expectObservable(cold('a-b-c-d-e-f-g-h-i|').pipe(throttleFrames(() => frameMs))).toBe('a----c----f-g-h-i|');
    });
  });

  it.each([
    { speed: 1, expected: FRAME_MS },
    { speed: 1024, expected: FRAME_MS },
    { speed: 'max' as const, expected: MAX_SPEED_FRAME_MS },
  ])('takes $expected ms per frame at speed $speed', ({ speed, expected }) => {
    expect(frameMsAt(speed)).toBe(expected);
  });
});
