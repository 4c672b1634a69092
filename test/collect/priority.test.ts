import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lowerRecorderPriority, parseRecordNice } from '../../src/collect/priority.js';

describe('the recorder priority', () => {
  it.each([['0', 0], ['10', 10], ['19', 19]])('takes --nice %s', (text, nice) => {
    expect(parseRecordNice(text)).toBe(nice);
  });

  it.each(['-1', '20', '1.5', 'x', ''])('refuses --nice "%s" with a usage error', (text) => {
    expect(() => parseRecordNice(text)).toThrow(/--nice: expected an integer from 0 to 19/);
  });

  it('never raises the priority: a nice value at or below the current one changes nothing', () => {
    const before = getPriority();
    lowerRecorderPriority(0)();
    expect(getPriority()).toBe(before);
  });
});
