// kallsyms text into a lookup: text symbols only, sizes up to the next symbol, modules kept.
import { describe, expect, it } from 'vitest';
import { parseKallsyms } from '../../../src/collect/symbols/kernel-symbols.js';

const TEXT = [
  'ffffffff81792560 T iomap_dio_rw',
  'ffffffff817925a0 t __iomap_dio_rw',
  'ffffffff81800000 D some_data',
  'ffffffff81792f00 T iomap_dio_complete',
  'ffffffffc0a00000 t xfs_file_dio_write\t[xfs]',
  'ffffffffc0a00400 t xfs_file_write_iter\t[xfs]',
  '0000000000000000 T hidden_by_kptr_restrict',
  'not a line',
].join('\n');

describe('parseKallsyms', () => {
  const symbols = parseKallsyms(TEXT);

  it('names the function an address lies in, with offset and size', () => {
    expect(symbols.lookup(0xffffffff817925a0n + 0x466n)).toEqual({ symbol: '__iomap_dio_rw', offset: 0x466, size: 0x960 });
    expect(symbols.lookup(0xffffffff81792560n)).toEqual({ symbol: 'iomap_dio_rw', offset: 0, size: 0x40 });
  });

  it('keeps the module of a module symbol', () => {
    expect(symbols.lookup(0xffffffffc0a00010n)).toEqual({ symbol: 'xfs_file_dio_write', offset: 0x10, size: 0x400, module: 'xfs' });
  });

  it('knows nothing below the first symbol, past the last, or from zeroed addresses', () => {
    expect(symbols.lookup(0xffffffff80000000n)).toBeUndefined();
    expect(symbols.lookup(0xffffffffc0a00500n)).toBeUndefined();
    expect(symbols.count).toBe(5);
    expect(parseKallsyms('0000000000000000 T a\n0000000000000000 T b').count).toBe(0);
  });
});
