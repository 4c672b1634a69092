// Input bytes quoted for an error message: printable ASCII kept, the rest as '.', truncated.

/** `"FLTRACE0"`-style rendering of the first `max` bytes, with "…" when there are more. */
export function printableBytes(bytes: Uint8Array, max = 32): string {
  let text = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return `"${text}${bytes.length > max ? '…' : ''}"`;
}
