// The warnings every report and `show` print about an input: a truncated .pb trace (no footer)
// and the lines or records that could not be read (the first few, with their place).
import type { InputInfo, SkippedItem } from '../trace/input.js';
import { printableText } from '../trace/printable-text.js';
import { wrapText } from './wrap-text.js';

/** How many skipped lines or records are named, at most. */
export const SKIPPED_SAMPLES_SHOWN = 5;

/** Warning lines for `info`, each under 80 columns; empty for a whole, clean input. */
export function inputWarnings(info: InputInfo): string[] {
  const lines: string[] = [];
  if (!info.complete) {
    lines.push(...wrapText('trace is incomplete: no footer, read up to the last whole record', 'warning: ', '  '));
  }
  if (info.skipped > 0) {
    const samples = info.skippedSamples.slice(0, SKIPPED_SAMPLES_SHOWN);
    const unit = samples.length > 0 && samples.every((s) => s.line === undefined) ? 'record' : 'line';
    const what = `${info.skipped} ${unit}${info.skipped === 1 ? '' : 's'} skipped`;
    if (samples.length === 0) {
      lines.push(`warning: ${what}`);
    } else {
      lines.push(...wrapText(`${what}; first: ${skippedPlace(samples[0])}`, 'warning: ', '           '));
      for (const s of samples.slice(1)) lines.push(...wrapText(skippedPlace(s), '         ', '           '));
    }
  }
  return lines;
}

// The reason quotes the input (a field name, a line's text): escaped.
function skippedPlace(s: SkippedItem): string {
  const reason = printableText(s.reason);
  if (s.line !== undefined) return `line ${s.line}: ${reason}`;
  if (s.offset !== undefined) return `offset ${s.offset}: ${reason}`;
  return reason;
}
