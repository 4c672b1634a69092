import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/detect/finding.js';
import { findingLine } from '../../src/ui/finding-line.js';
import { lockLabel } from '../../src/ui/lock-label.js';
import { aFinding, abba, pagecache } from '../helpers/ui-builders.js';

describe('lockLabel', () => {
  it.each([
    { lock: pagecache(2164945, 'BLOCK'), expected: 'pagecache(254:0:2164945) block' },
    { lock: { lock: '254:0:7', cls: 'i_rwsem', mode: 'SHARED' as const }, expected: 'i_rwsem(254:0:7) shared' },
    { lock: { lock: '18446612682160407104', cls: '18446612682160407104', mode: 'EXCLUSIVE' as const }, expected: '0xffff888005630240 exclusive' },
    { lock: { lock: '140001', cls: 'tasklist_lock', mode: 'SHARED_RECURSIVE' as const }, expected: 'tasklist_lock(140001) shared_recursive' },
    { lock: { lock: '140002', cls: 'lock_class', mode: 'ADD' as const, name: 'm1' }, expected: 'lock_class(m1) add' },
  ])('labels $lock.cls $lock.mode as "$expected"', ({ lock, expected }) => {
    expect(lockLabel(lock)).toBe(expected);
  });
});

describe('findingLine', () => {
  it.each<{ finding: Finding; expected: string }>([
    {
      finding: abba(12, 13),
      expected: 'order-inversion  pagecache(254:0:12) block → pagecache(254:0:13) add  [ab/17242, ba/17243]',
    },
    {
      finding: aFinding('aa', [pagecache(12, 'ADD')], [{ tid: 900, comm: 'dio-mmap' }]),
      expected: 'aa  pagecache(254:0:12) add  [dio-mmap/900]',
    },
    {
      finding: aFinding('bad-unlock', [pagecache(5, 'EXCLUSIVE')], [{ tid: 77 }]),
      expected: 'bad-unlock  pagecache(254:0:5) exclusive  [?/77]',
    },
  ])('prints a $finding.kind finding as "$expected"', ({ finding, expected }) => {
    expect(findingLine(finding)).toBe(expected);
  });
});
