import { describe, expect, it } from 'vitest';
import { CONTENTION_FLAGS, KIOCB_FLAGS, parseFlags } from '../../src/kernel/ftrace-flags.js';

describe('parseFlags', () => {
  it.each([
    ['DIRECT', KIOCB_FLAGS, 1 << 17],
    ['DIRECT|WRITE|NOWAIT', KIOCB_FLAGS, (1 << 17) | (1 << 18) | 0x8],
    ['', KIOCB_FLAGS, 0],
    ['SPIN|WRITE', CONTENTION_FLAGS, 5],
    ['MUTEX|0x100', CONTENTION_FLAGS, 32 | 0x100],
  ])('reads "%s" as its bits', (text, names, bits) => {
    expect(parseFlags(text, names)).toBe(bits);
  });

  it.each([['BOGUS'], ['DIRECT|toString'], ['constructor']])('refuses the unknown name in "%s"', (text) => {
    expect(parseFlags(text, KIOCB_FLAGS)).toBeUndefined();
  });
});
