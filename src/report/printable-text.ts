// Untrusted text (symbol names, paths: from the traced machine) made safe to print: control
// characters become \xNN escapes, so a name cannot move the cursor or hide a line.

/** `text` with C0, DEL and C1 control characters escaped as \xNN (and "\" as "\\"). */
export function printableText(text: string): string {
  return /[\\\u0000-\u001f\u007f-\u009f]/.test(text)
    ? text.replace(/[\\\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))
    : text;
}
