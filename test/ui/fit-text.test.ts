import { describe, expect, it } from 'vitest';
import { fit, truncate } from '../../src/ui/fit-text.js';

describe('truncate', () => {
  it.each([
    { text: 'pagecache', width: 20, expected: 'pagecache' },
    { text: 'pagecache', width: 9, expected: 'pagecache' },
    { text: 'pagecache', width: 5, expected: 'page…' },
    { text: 'pagecache', width: 1, expected: '…' },
    { text: 'pagecache', width: 0, expected: '' },
    { text: '▁▂▃▄▅', width: 3, expected: '▁▂…' },
  ])('cuts "$text" to $width columns as "$expected"', ({ text, width, expected }) => {
    expect(truncate(text, width)).toBe(expected);
  });
});

describe('fit', () => {
  it.each([
    { text: '42', width: 5, align: 'right' as const, expected: '   42' },
    { text: 'ab', width: 5, align: 'left' as const, expected: 'ab   ' },
    { text: 'kworker/u8:2', width: 8, align: 'left' as const, expected: 'kworker…' },
  ])('fits "$text" in $width columns aligned $align', ({ text, width, align, expected }) => {
    expect(fit(text, width, align)).toBe(expected);
  });
});
