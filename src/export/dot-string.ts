// A string from a trace as a DOT quoted string: control characters shown as escapes
// (printable-text.ts), then quotes and backslashes escaped, so an untrusted name cannot end the
// string, inject attributes or reach a terminal raw.
import { printableText } from '../trace/printable-text.js';

/** `"text"` with every unsafe character escaped; several lines are joined by DOT's `\n`. */
export function dotString(...lines: readonly string[]): string {
  return `"${lines.map((line) => printableText(line).replace(/[\\"]/g, '\\$&')).join('\\n')}"`;
}
