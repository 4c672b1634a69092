import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readElfImage, findElfSymbol } from '../../../src/collect/symbols/elf.js';
import { parseProcMaps } from '../../../src/collect/symbols/maps-lines.js';
import { createProcessSymbolizer, formatUserSymbol } from '../../../src/collect/symbols/process-symbols.js';

const LIBC = '/lib/x86_64-linux-gnu/libc.so.6';

describe('parseProcMaps', () => {
  it('reads ranges, offsets, permissions and paths, anonymous ones included', () => {
    const text = '55d0c0a00000-55d0c0a01000 r--p 00000000 fe:00 2147 /usr/bin/x y\n7ffd1000-7ffd2000 rw-p 00000000 00:00 0 \nbad line\n';
    expect(parseProcMaps(text)).toEqual([
      { start: 0x55d0c0a00000n, end: 0x55d0c0a01000n, perms: 'r--p', offset: 0n, path: '/usr/bin/x y' },
      { start: 0x7ffd1000n, end: 0x7ffd2000n, perms: 'rw-p', offset: 0n, path: '' },
    ]);
  });
});

describe('readElfImage', () => {
  it('finds the same address for a libc function as nm -D', async () => {
    const nm = await execa('nm', ['-D', '--defined-only', LIBC], { reject: false });
    if (nm.exitCode !== 0) return;
    const line = nm.stdout.split('\n').find((l) => / T pthread_mutex_lock(@|$)/.test(l))!;
    const value = BigInt(`0x${line.split(' ')[0]}`);
    const image = readElfImage(LIBC)!;
    expect(image.relocatable).toBe(true);
    expect(findElfSymbol(image, value)?.name).toMatch(/pthread_mutex_lock/);
  });

  it.each(['/proc/self/status', '/nonexistent', '/etc/passwd'])('reads no image from %s', (path) => {
    expect(readElfImage(path)).toBeUndefined();
  });
});

describe('createProcessSymbolizer', () => {
  it('names a libc function of this very process at its runtime address', () => {
    const maps = readFileSync('/proc/self/maps', 'utf8');
    const libc = parseProcMaps(maps).find((e) => e.path.endsWith('libc.so.6'));
    if (libc === undefined) return; // node linked statically against libc: nothing to name
    const image = readElfImage(libc.path)!;
    const fn = image.symbols.find((s) => s.name === 'pthread_mutex_lock' || s.name.startsWith('pthread_mutex_lock@'))!;
    const lowest = parseProcMaps(maps).filter((e) => e.path === libc.path).reduce((m, e) => (e.start < m ? e.start : m), libc.start);
    const symbolizer = createProcessSymbolizer(maps);
    const named = symbolizer.symbolize(lowest + fn.value + 4n);
    // Aliases share an address (pthread_mutex_lock, __pthread_mutex_lock): any of them will do.
    const aliases = image.symbols.filter((s) => s.value === fn.value).map((s) => s.name);
    expect(aliases).toContain(named?.name);
    expect(named).toMatchObject({ offset: 4n, object: libc.path });
    expect(formatUserSymbol(named!)).toBe(`${named!.name}+0x4 (${libc.path})`);
    expect(symbolizer.symbolize(0x10n)).toBeUndefined();
  });
});
