// Text input as lines, one array per chunk (no Promise per line). UTF-8 split across chunks is
// decoded whole; "\r\n" ends a line like "\n"; a last line without a newline is still a line.
import { StringDecoder } from 'node:string_decoder';

/** The lines of `chunks`, in arrays of whatever each chunk completed. */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<readonly string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + decoder.write(chunk as Buffer);
    const lines = text.split('\n');
    rest = lines.pop() as string;
    if (lines.length > 0) yield lines.map(dropCarriageReturn);
  }
  rest += decoder.end();
  if (rest.length > 0) yield [dropCarriageReturn(rest)];
}

function dropCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
