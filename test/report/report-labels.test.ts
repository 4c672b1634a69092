import { describe, expect, it } from 'vitest';
import type { Semantics } from '../../src/detect/finding.js';
import { formatId } from '../../src/report/format-id.js';
import { formatTs } from '../../src/report/format-ts.js';
import { modeLabel, taskLabel } from '../../src/report/labels.js';
import { lockName } from '../../src/report/lock-name.js';
import { wrapText } from '../../src/report/wrap-text.js';
import { pagecache, userLock } from '../helpers/report-builders.js';

describe('lockName', () => {
  it.each<[string, ReturnType<typeof pagecache>, Semantics, string]>([
    ['a synthetic lock as cls(dev:ino)', pagecache(12, 'BLOCK'), 'predictive', 'pagecache(254:0:12)'],
    ['a synthetic lock the same under lockdep', pagecache(12, 'BLOCK'), 'lockdep', 'pagecache(254:0:12)'],
    ['a named lock by its symbol', userLock(0xffff888012345678n, 'EXCLUSIVE', 'A', 'mutex'), 'predictive', 'A'],
    ['a small id in decimal', userLock(7n, 'EXCLUSIVE'), 'predictive', '7'],
    ['a 64-bit id in hex', userLock(0xffff888012345678n, 'EXCLUSIVE'), 'predictive', '0xffff888012345678'],
    ['2^32 in hex', userLock(1n << 32n, 'EXCLUSIVE'), 'predictive', '0x100000000'],
    ['an id of a class with it', userLock(0xffff888012345678n, 'EXCLUSIVE', undefined, 'i_rwsem'), 'predictive', 'i_rwsem(0xffff888012345678)'],
    ['only the class under lockdep', userLock(0xffff888012345678n, 'EXCLUSIVE', undefined, 'i_rwsem'), 'lockdep', 'i_rwsem'],
    ['an id whose class is itself', userLock(9n, 'EXCLUSIVE', undefined, '9'), 'lockdep', '9'],
  ])('names %s', (_name, lock, semantics, expected) => {
    expect(lockName(lock, semantics)).toBe(expected);
  });
});

describe('formatId and formatTs', () => {
  it.each([['0', '0'], ['4294967295', '4294967295'], ['4294967296', '0x100000000'], ['18446744073709551615', '0xffffffffffffffff']])(
    'shows id %s as %s', (id, shown) => expect(formatId(id)).toBe(shown));

  it.each([[0, '0.000000000'], [1, '0.000000001'], [1_741_142_004_123, '1741.142004123']])(
    'shows %d ns as %s s', (ns, shown) => expect(formatTs(ns)).toBe(shown));
});

describe('wrapText', () => {
  it.each([
    ['short text on one line', 'a b c', 10, ['a b c']],
    ['at spaces, with the continuation indent', 'aaa bbb ccc', 8, ['> aaa', '  bbb', '  ccc']],
    ['a word longer than the line into pieces', 'abcdefghijkl', 8, ['> abcdef', '  ghijkl']],
  ])('wraps %s', (_name, text, width, expected) => {
    const firstIndent = expected.length > 1 || width < 10 ? '> ' : '';
    expect(wrapText(text, firstIndent, '  ', width)).toEqual(expected);
  });
});

describe('modeLabel and taskLabel', () => {
  it.each([['EXCLUSIVE', 'exclusive'], ['SHARED', 'shared'], ['SHARED_RECURSIVE', 'shared_recursive'], ['ADD', 'add'], ['BLOCK', 'block']] as const)(
    'names mode %s as lockdep prints usage, %s', (mode, shown) => expect(modeLabel(mode)).toBe(shown));

  it.each([
    ['comm/tid', 17242, 'ab', 'ab/17242'],
    ['?/tid without a comm', 77, undefined, '?/77'],
    ['?/tid for an empty comm', 78, '', '?/78'],
    ['an escaped comm', 79, 'a\x1b[2Jb', 'a\\x1b[2Jb/79'],
  ] as const)('names a task as %s', (_name, tid, comm, shown) => expect(taskLabel(tid, comm)).toBe(shown));
});
