import { describe, expect, it } from 'vitest';
import { createMappingTable } from '../../src/policy/mapping-table.js';
import { A, B, C } from '../helpers/policy-events.js';

const at = (start: bigint, len: number, f: { dev: number; ino: number }) => ({ start, len, dev: f.dev, ino: f.ino, offset: 0 });

describe('mapping table', () => {
  it.each([
    [0xfffn, undefined],
    [0x1000n, A.ino],
    [0x1fffn, A.ino],
    [0x2000n, undefined],
  ])('finds the file mapped at %s', (address, ino) => {
    const table = createMappingTable();
    table.add(1, at(0x1000n, 0x1000, A));
    expect(table.at(1, address)?.ino).toBe(ino);
  });

  it('keeps each process\'s mappings apart', () => {
    const table = createMappingTable();
    table.add(1, at(0x1000n, 0x1000, A));
    table.add(2, at(0x1000n, 0x1000, B));
    expect(table.at(1, 0x1800n)?.ino).toBe(A.ino);
    expect(table.at(2, 0x1800n)?.ino).toBe(B.ino);
    expect(table.at(3, 0x1800n)).toBeUndefined();
  });

  it('lets a newer mapping shadow an older one where they overlap, and keeps the rest of the older one', () => {
    const table = createMappingTable();
    table.add(1, at(0x1000n, 0x4000, A));
    table.add(1, at(0x2000n, 0x1000, B));
    expect(table.at(1, 0x2800n)?.ino).toBe(B.ino);
    expect(table.at(1, 0x3800n)?.ino).toBe(A.ino);
  });

  it('drops an older mapping that a newer one covers entirely', () => {
    const table = createMappingTable();
    table.add(1, at(0x2000n, 0x1000, A));
    table.add(1, at(0x1000n, 0x4000, C));
    expect(table.at(1, 0x2800n)?.ino).toBe(C.ino);
  });

  it('keeps kernel-sized addresses exact', () => {
    const table = createMappingTable();
    table.add(1, at(0x7fff_ffff_f000n, 0x1000, A));
    expect(table.at(1, 0x7fff_ffff_ffffn)?.ino).toBe(A.ino);
    expect(table.at(1, 0x8000_0000_0000n)).toBeUndefined();
  });
});
