// A line's characters as bytes, for the readers that scan ASCII bytes.

// Characters other than ASCII, and '\n' (a line holds none).
const NOT_ASCII_LINE = /[^\x00-\x09\x0b-\x7f]/;

/** The characters of the line `text` as bytes when all of them are ASCII and none is '\n', else undefined. */
export function asciiBytesOf(text: string): Uint8Array | undefined {
  return NOT_ASCII_LINE.test(text) ? undefined : Buffer.from(text, 'latin1');
}
