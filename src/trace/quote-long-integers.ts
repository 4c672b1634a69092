// JSON.parse rounds integers beyond 2^53: quote long integer literals before parsing, so kernel
// addresses given as JSON numbers stay exact (event-json reads 64-bit fields from strings).

// A JSON number literal of 16+ digits follows ':', ',' or '['; most lines have none.
const LONG_NUMBER_RE = /[:,[]\s*-?\d{16}/;

/** `text` with every integer literal of 16+ digits outside strings put in quotes. */
export function quoteLongIntegers(text: string): string {
  if (!LONG_NUMBER_RE.test(text)) return text;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c >= 0x30 && c <= 0x39) {
      let end = i;
      while (end < text.length && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
      const next = text[end];
      if (end - i >= 16 && next !== '.' && next !== 'e' && next !== 'E') {
        const start = text[i - 1] === '-' ? i - 1 : i;
        out += `${text.slice(from, start)}"${text.slice(start, end)}"`;
        from = end;
      }
      i = end - 1;
    }
  }
  return out + text.slice(from);
}
