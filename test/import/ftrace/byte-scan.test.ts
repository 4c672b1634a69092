import { describe, expect, it } from 'vitest';
import {
  readDecimalBytes, readHexBytes, readSignedDecimalBytes, skipHexBytes, skipLiteralBytes, skipNonSpaceBytes, skipSpaceBytes,
} from '../../../src/import/ftrace/byte-scan.js';
import { scanned } from '../../../src/import/ftrace/ftrace-scan.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('byte readers', () => {
  it.each([
    ['a number', 'x42]', 1, 3, 42],
    ['a number at the end', 'x42', 1, 3, 42],
    ['16 digits, as Number() reads them', '1234567890123456789 ', 0, 19, Number('1234567890123456789')],
  ])('read %s', (_what, text, pos, after, value) => {
    expect(readDecimalBytes(bytes(text), text, pos, text.length)).toBe(after);
    expect(scanned.value).toBe(value);
  });

  it.each([
    ['a negative number', readSignedDecimalBytes, '-12 ', 3, -12],
    ['a positive number', readSignedDecimalBytes, '12 ', 2, 12],
    ['lowercase hex', readHexBytes, 'ffff88811d8ac3b8)', 16, parseInt('ffff88811d8ac3b8', 16)],
    ['hex up to an uppercase digit', readHexBytes, '1fA', 2, 0x1f],
  ])('read %s', (_what, read, text, after, value) => {
    expect(read(bytes(text), text, 0, text.length)).toBe(after);
    expect(scanned.value).toBe(value);
  });

  it('skip hex and literals, or give -1', () => {
    expect(skipHexBytes(bytes('0fz'), 0, 3)).toBe(2);
    expect(skipHexBytes(bytes('z'), 0, 1)).toBe(-1);
    expect(skipLiteralBytes(bytes('a dev=1'), 1, 7, ' dev=')).toBe(6);
    expect(skipLiteralBytes(bytes('a dev=1'), 1, 5, ' dev=')).toBe(-1);
    expect(skipLiteralBytes(bytes('a deV=1'), 1, 7, ' dev=')).toBe(-1);
  });

  it('read no digits as -1, and pass -1 on', () => {
    expect(readDecimalBytes(bytes('x'), 'x', 0, 1)).toBe(-1);
    expect(readDecimalBytes(bytes('1'), '1', -1, 1)).toBe(-1);
    expect(skipSpaceBytes(bytes(' '), -1, 1)).toBe(-1);
  });

  it('skip the ASCII characters of RegExp \\s, and all others', () => {
    const text = ' \t\v\f\r\nab.c d';
    expect(skipSpaceBytes(bytes(text), 0, text.length)).toBe(6);
    expect(skipNonSpaceBytes(bytes(text), 6, text.length)).toBe(10);
    expect(skipNonSpaceBytes(bytes(text), 11, text.length)).toBe(text.length);
  });
});
