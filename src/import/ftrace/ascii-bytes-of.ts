// A line's characters as bytes, for the readers that scan ASCII bytes.

const NON_ASCII = /[^\x00-\x7f]/;

/** The characters of `text` as bytes when all of them are ASCII, else undefined. */
export function asciiBytesOf(text: string): Uint8Array | undefined {
  return NON_ASCII.test(text) ? undefined : Buffer.from(text, 'latin1');
}
