import { describe, expect, it } from 'vitest';
import { asciiBytesOf } from '../../../src/import/ftrace/ascii-bytes-of.js';

describe('asciiBytesOf', () => {
  it('gives the bytes of a line of ASCII text only', () => {
    expect(asciiBytesOf('a-1 [000]\t\r')).toEqual(Buffer.from('a-1 [000]\t\r', 'latin1'));
    expect(asciiBytesOf('kwörker')).toBeUndefined();
    expect(asciiBytesOf('\u0080')).toBeUndefined();
    expect(asciiBytesOf('a\nb')).toBeUndefined();
  });
});
