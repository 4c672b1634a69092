// Report lines stay under 80 columns: prose is wrapped at spaces, and a word longer than a line
// (a long symbol or path) is cut into pieces.

/** The report's line limit: every line is at most this many columns. */
export const REPORT_WIDTH = 79;

/**
 * `text` as lines of at most `width` columns; the first starts with `firstIndent`, the rest
 * with `indent`. Runs of spaces inside `text` are kept where no break is needed.
 */
export function wrapText(text: string, firstIndent = '', indent = firstIndent, width = REPORT_WIDTH): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let lineHasWord = false;
  for (const word of text.split(' ')) {
    const sep = lineHasWord ? ' ' : '';
    if (line.length + sep.length + word.length <= width) {
      line += sep + word;
      lineHasWord = lineHasWord || word !== '';
      continue;
    }
    if (lineHasWord) {
      lines.push(line);
      line = indent;
    }
    let rest = word;
    while (line.length + rest.length > width) {
      const room = Math.max(1, width - line.length);
      lines.push(line + rest.slice(0, room));
      line = indent;
      rest = rest.slice(room);
    }
    line += rest;
    lineHasWord = true;
  }
  lines.push(line);
  return lines;
}
