import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/split-lines.js';
import { OTHER_CHAR } from '../../src/import/char-bytes.js';
import { endOfLine, wholeLines } from '../../src/import/whole-lines.js';

async function* source(chunks: readonly (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

// The lines of wholeLines' strings, cut as text-input cuts them.
async function linesOf(chunks: readonly (string | Uint8Array)[]): Promise<{ texts: string[]; lines: string[] }> {
  const texts: string[] = [];
  const lines: string[] = [];
  for await (const { text } of wholeLines(source(chunks))) {
    texts.push(text);
    for (let start = 0; start < text.length;) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = text.length;
      lines.push(text.slice(start, endOfLine(text, start, newline)));
      start = newline + 1;
    }
  }
  return { texts, lines };
}

describe('wholeLines', () => {
  it.each([
    ['lines across chunk boundaries', ['a\nb', 'c\n', 'd\n'], ['a\n', 'bc\n', 'd\n']],
    ['a line over three chunks', ['a\nb', 'c', 'd\ne'], ['a\n', 'bcd\n', 'e']],
    ['a last line without a newline', ['a\nb'], ['a\n', 'b']],
    ['no input', [], []],
    ['UTF-8 beside ASCII in one chunk, and in a line across chunks', ['a\nkwörker\nb', 'ö\n'], ['a\n', 'kwörker\n', 'bö\n']],
    ['ASCII lines around UTF-8 ones, those in a row in one run', ['a\nö\nb\nc\nü\nü\nd'], ['a\n', 'ö\n', 'b\nc\n', 'ü\nü\n', 'd']],
  ])('cuts %s after whole lines', async (_what, chunks, texts) => {
    expect((await linesOf(chunks)).texts).toEqual(texts);
  });

  it.each([
    ['lines across chunk boundaries', ['a\nb', 'c\n', 'd\n']],
    ['CRLF endings', ['a\r\nb\r', '\n']],
    ['a carriage return inside a line, and two before a newline', ['a\rb\r\r\n', 'c\r']],
    ['empty lines', ['\n\nx\n']],
    ['a last line without a newline', ['x\ny']],
    ['a UTF-8 character split across chunks', [Buffer.from('comm=kwörker\n').subarray(0, 8), Buffer.from('comm=kwörker\n').subarray(8)]],
  ])('gives the lines splitLines gives for %s', async (_what, chunks) => {
    const expected: string[] = [];
    for await (const group of splitLines(source(chunks))) expected.push(...group);
    expect((await linesOf(chunks)).lines).toEqual(expected);
  });

  it('keeps a partial line whose chunk memory is reused by the source', async () => {
    const shared = Buffer.alloc(8);
    async function* reused(): AsyncGenerator<Uint8Array> {
      for (const part of ['ab\ncd', 'ef\n']) {
        shared.write(part.padEnd(shared.length, '\n'));
        yield shared.subarray(0, part.length);
      }
    }
    const lines: string[] = [];
    for await (const { text } of wholeLines(reused())) lines.push(...text.split('\n').filter((l) => l !== ''));
    expect(lines).toEqual(['ab', 'cdef']);
  });

  it('gives ASCII runs their own bytes, and lines with other bytes their char-bytes', async () => {
    const runs = [];
    for await (const run of wholeLines(source(['a-1 [000]\nkwörker\nb\r\n', 'c\n']))) runs.push(run);
    expect(runs.map((run) => [run.text, [...run.bytes]])).toEqual([
      ['a-1 [000]\n', [...Buffer.from('a-1 [000]\n')]],
      ['kwörker\n', [...Buffer.from('kw'), OTHER_CHAR, ...Buffer.from('rker\n')]],
      ['b\r\n', [...Buffer.from('b\r\n')]],
      ['c\n', [...Buffer.from('c\n')]],
    ]);
  });
});
