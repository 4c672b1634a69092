// A string from a trace as a DOT quoted string: quotes and backslashes escaped, and control
// characters (which Graphviz would take raw) shown as \xNN, so an untrusted name cannot end the
// string, inject attributes or reach a terminal raw.
const UNSAFE = /[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `"text"` with every unsafe character escaped; several lines are joined by DOT's `\n`. */
export function dotString(...lines: readonly string[]): string {
  return `"${lines.map(escapeLine).join('\\n')}"`;
}

function escapeLine(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\\' || c === '"') return `\\${c}`;
    return `\\\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
