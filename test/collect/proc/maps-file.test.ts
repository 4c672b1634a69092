import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findMappedFile, mappedFileOf } from '../../../src/collect/proc/maps-file.js';
import { kernelDevOfStDev } from '../../../src/collect/proc/fd-file.js';
import { makeDev } from '../../../src/trace/dev.js';

const MAPS = [
  '55d0c0a00000-55d0c0a21000 rw-p 00000000 00:00 0                          [heap]',
  '7f9e48573000-7f9e48599000 r--p 00000000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6',
  '7f9e48599000-7f9e486ef000 r-xp 00026000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6',
  '7f9e4875c000-7f9e4875e000 r--s 00000000 103:05 15344171                  /var/tmp/x',
].join('\n');

describe('findMappedFile', () => {
  it.each([
    ['the start of a mapping', 0x7f9e48573000n, 0, { dev: makeDev(0xfe, 0), ino: 339380 }],
    ['an address inside a split mapping, at its offset', 0x7f9e485a0000n, 0x26000 + 0x7000, { dev: makeDev(0xfe, 0), ino: 339380 }],
    ['a device with a hex major', 0x7f9e4875c000n, 0, { dev: makeDev(0x103, 5), ino: 15344171 }],
  ])('names the file at %s', (_, address, offset, file) => {
    expect(findMappedFile(MAPS, address, offset)).toEqual(file);
  });

  it.each([
    ['an unmapped address', 0x1000n, 0],
    ['an anonymous mapping', 0x55d0c0a00000n, 0],
    ['a mapping at another file offset (mapped since from elsewhere)', 0x7f9e4875c000n, 4096],
  ])('names nothing for %s', (_, address, offset) => {
    expect(findMappedFile(MAPS, address, offset)).toBeUndefined();
  });
});

describe('mappedFileOf', () => {
  it('names a file this process has mapped, as stat names it', () => {
    const line = readFileSync('/proc/self/maps', 'utf8').split('\n').find((l) => / \/\S+$/.test(l) && !l.includes(' 00:00 '))!;
    const [range, , offset, , , path] = line.split(/\s+/);
    const start = BigInt(`0x${range.split('-')[0]}`);
    const st = statSync(path);
    expect(mappedFileOf(process.pid, start, Number(BigInt(`0x${offset}`)))).toEqual({ dev: kernelDevOfStDev(st.dev), ino: st.ino });
  });

  it('names nothing for a process that does not exist', () => {
    expect(mappedFileOf(2 ** 22 + 1, 0x1000n, 0)).toBeUndefined();
  });
});
