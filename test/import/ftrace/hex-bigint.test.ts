import { describe, expect, it } from 'vitest';
import { hexBigint } from '../../../src/import/ftrace/hex-bigint.js';

const read = (digits: string) => hexBigint(Buffer.from(digits, 'latin1'), digits, 0, digits.length);

describe('hexBigint', () => {
  it.each(['0', 'f', 'ABC', '7f2d5a3f2109', '1fffffffffffff', '20000000000000', 'ffff88811d8ac3b8', 'ffffffffffffffff', '10000000000000000', '123456789abcdef0123'])(
    'reads %s as BigInt("0x…") does', (digits) => {
      expect(read(digits)).toBe(BigInt(`0x${digits}`));
    });

  it('gives each value again, also after values kept in the same place', () => {
    const values = Array.from({ length: 300 }, (_, i) => (0xffff888100000000n + BigInt(i) * 0x40n).toString(16));
    for (let round = 0; round < 3; round++) {
      for (const digits of values) expect(read(digits)).toBe(BigInt(`0x${digits}`));
    }
  });
});
