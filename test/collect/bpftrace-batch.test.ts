import { describe, expect, it } from 'vitest';
import { readBpftraceBatch } from '../../src/collect/bpftrace-batch.js';

const COUNTS = { B: 2, E: 1 };

describe('readBpftraceBatch', () => {
  it('reads each entry of a side as an event of the map\'s code, FIELDs as numbers', () => {
    const value = { '100,7': [6, 1, 'dio loop', 266338304, -4], '90,8': [8, 0, '', 1, 2] };
    expect(readBpftraceBatch('@B1', value, COUNTS)).toEqual({
      entries: [
        { ts: 100, tid: 7, pid: 6, cpu: 1, code: 'B', comm: 'dio loop', values: [266338304, -4] },
        { ts: 90, tid: 8, pid: 8, cpu: 0, code: 'B', comm: '', values: [1, 2] },
      ],
      unreadable: 0,
    });
  });

  it.each([
    { name: 'a key without tid', key: '100', entry: [6, 1, 'ab', 5] },
    { name: 'a key that is not numbers', key: 'x,7', entry: [6, 1, 'ab', 5] },
    { name: 'too few FIELDs', key: '100,7', entry: [6, 1, 'ab'] },
    { name: 'too many FIELDs', key: '100,7', entry: [6, 1, 'ab', 5, 6] },
    { name: 'a comm that is not a string', key: '100,7', entry: [6, 1, 3, 5] },
    { name: 'a FIELD that is not an integer', key: '100,7', entry: [6, 1, 'ab', 0.5] },
    { name: 'a FIELD that is a string', key: '100,7', entry: [6, 1, 'ab', '5'] },
    { name: 'a value that is not a tuple', key: '100,7', entry: 5 },
  ])('counts $name as unreadable and keeps the rest', ({ key, entry }) => {
    const batch = readBpftraceBatch('@E0', { [key]: entry, '200,9': [9, 0, 'ok', 4096] }, COUNTS);
    expect(batch?.unreadable).toBe(1);
    expect(batch?.entries).toEqual([{ ts: 200, tid: 9, pid: 9, cpu: 0, code: 'E', comm: 'ok', values: [4096] }]);
  });

  it.each([
    { name: '@batched', value: 3 },
    { name: '@B', value: {} },
    { name: '@B2', value: {} },
    { name: '@Q0', value: {} },
    { name: '@sysbuf', value: { '7': 1 } },
    { name: '@E0', value: 5 },
  ])('takes $name for no batch', ({ name, value }) => {
    expect(readBpftraceBatch(name, value, COUNTS)).toBeUndefined();
  });
});
