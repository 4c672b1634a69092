// The full text report of one finding, scrolled from `offset`, each line cut to `width`.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { truncate } from './fit-text.js';

// Tabs to spaces at 8-column stops, so a cut line is as wide as the terminal shows it.
function expandTabs(line: string): string {
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

export interface FindingDetailProps {
  /** The report, as `faultline check` prints it. */
  readonly text: string;
  /** Which finding (0-based) of how many. */
  readonly index: number;
  readonly count: number;
  readonly width: number;
  /** Lines available, the title included. */
  readonly rows: number;
  /** First report line shown. */
  readonly offset: number;
}

export function FindingDetail({ text, index, count, width, rows, offset }: FindingDetailProps): ReactElement {
  const lines = text.replace(/\n$/, '').split('\n').map(expandTabs);
  const body = Math.max(0, rows - 1);
  const start = Math.max(0, Math.min(offset, lines.length - body));
  const more = lines.length > body ? `  lines ${start + 1}–${Math.min(lines.length, start + body)} of ${lines.length}, ↑/↓ scroll` : '';
  return (
    <Box flexDirection="column">
      <Text bold>{truncate(`finding ${index + 1} of ${count}  esc back${more}`, width)}</Text>
      {lines.slice(start, start + body).map((line, k) => (
        <Text key={start + k}>{truncate(line, width) || ' '}</Text>
      ))}
    </Box>
  );
}
