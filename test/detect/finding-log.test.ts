import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/detect/finding.js';
import { createFindingLog } from '../../src/detect/finding-log.js';

function finding(key: string): Finding {
  return { kind: 'bad-unlock', policy: 'naive', semantics: 'predictive', locks: [], tasks: [], events: [], edges: [], key, count: 1 };
}

describe('finding log', () => {
  it('keeps findings in order of first appearance with their counts', () => {
    const log = createFindingLog();
    log.add(finding('b'));
    log.add(finding('a'));
    expect(log.bump('b')).toBe(true);
    expect(log.bump('c')).toBe(false);
    expect(log.list().map((f) => [f.key, f.count])).toEqual([['b', 2], ['a', 1]]);
  });

  it('returns the same list until something changes', () => {
    const log = createFindingLog();
    log.add(finding('a'));
    const first = log.list();
    expect(log.list()).toBe(first);
    log.bump('a');
    expect(log.list()).not.toBe(first);
  });

  it('refuses a key twice (a detector must bump it)', () => {
    const log = createFindingLog();
    log.add(finding('a'));
    expect(() => log.add(finding('a'))).toThrow(/already/);
  });
});
