// Untrusted text (a comm, a file or symbol name, a header field, any string from a trace or
// /proc) made safe to print on a terminal: control characters become visible escapes, so a
// name holding ESC[2J cannot clear or recolour the screen, nor a '\n' forge a report line.

// C0 controls and DEL, C1 controls, the line/paragraph separators and the bidirectional
// overrides and isolates (text that reads in another order than it runs).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same, '\n' excepted: for whole reports whose lines are faultline's own.
const UNPRINTABLE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character as `\x1b`, `\x0a`, `\u202e`…; printable text unchanged. */
export function printableText(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, escape) : text;
}

/** printableText for a multi-line text: its '\n's kept, every other control character escaped. */
export function printableLines(text: string): string {
  UNPRINTABLE_BUT_NEWLINE.lastIndex = 0;
  return UNPRINTABLE_BUT_NEWLINE.test(text) ? text.replace(UNPRINTABLE_BUT_NEWLINE, escape) : text;
}
