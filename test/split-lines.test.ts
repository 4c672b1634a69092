import { describe, expect, it } from 'vitest';
import { splitLines } from '../src/split-lines.js';

async function linesOf(chunks: (string | Uint8Array)[]): Promise<string[]> {
  async function* source() {
    for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
  const lines: string[] = [];
  for await (const group of splitLines(source())) lines.push(...group);
  return lines;
}

describe('splitLines', () => {
  it.each([
    ['lines across chunk boundaries', ['a\nb', 'c\n', 'd\n'], ['a', 'bc', 'd']],
    ['a last line without a newline', ['a\nb'], ['a', 'b']],
    ['CRLF endings', ['a\r\nb\r', '\n'], ['a', 'b']],
    ['empty lines', ['\n\nx\n'], ['', '', 'x']],
    ['no input', [], []],
  ])('splits %s', async (_what, chunks, lines) => {
    expect(await linesOf(chunks)).toEqual(lines);
  });

  it('decodes a UTF-8 character split across chunks', async () => {
    const bytes = Buffer.from('comm=kwörker\n');
    expect(await linesOf([bytes.subarray(0, 8), bytes.subarray(8)])).toEqual(['comm=kwörker']);
  });
});
