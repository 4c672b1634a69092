import { describe, expect, it } from 'vitest';
import { ChunkedFloat64, ChunkedInt32, ChunkedUint16, ChunkedUint8 } from '../src/chunked-column.js';

describe('chunked columns', () => {
  it.each([
    ['Int32', () => new ChunkedInt32(), [-(2 ** 31), -1, 0, 2 ** 31 - 1]],
    ['Float64', () => new ChunkedFloat64(), [0, 2 ** 53 - 1, 1.5, -7]],
    ['Uint16', () => new ChunkedUint16(), [0, 1, 65535, 300]],
    ['Uint8', () => new ChunkedUint8(), [0, 255, 17, 1]],
  ] as const)('keep %s entries on both sides of a chunk boundary, 0 until set', (_name, make, values) => {
    const column = make();
    const at = [0, 65535, 65536, 300_001];
    at.forEach((i, k) => column.set(i, values[k]));
    expect(at.map((i) => column.get(i))).toEqual(values);
    expect([column.get(1), column.get(200_000)]).toEqual([0, 0]);
  });
});
