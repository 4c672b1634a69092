// The dashboard's keys: a one-line reminder under the main view, or the full list (`?`).
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { truncate } from './fit-text.js';

/** Key and what it does, in the order the help lists them. */
export const KEYS: readonly (readonly [string, string])[] = [
  ['space', 'pause / resume the replay'],
  ['+ / -', 'replay faster / slower (×1 … ×1024, max)'],
  ['p', 'replay again under the next policy'],
  ['↑ / ↓', 'select a finding (scroll the report in its view)'],
  ['enter', 'open the selected finding\'s report'],
  ['esc', 'back to the dashboard'],
  ['pgup / pgdn', 'scroll the task table'],
  ['q', 'quit'],
  ['?', 'show / hide this list'],
];

/** The one-line reminder, longest first: the first that fits the width is shown whole. */
export const COMPACT_LINES: readonly string[] = [
  'space pause  +/- speed  p policy  ↑↓ select  enter open  esc back  q quit  ? keys',
  'space pause  +/- speed  p policy  ↑↓ select  enter open  q quit  ? keys',
  'space pause  +/- speed  p policy  ↑↓ enter  q quit  ? keys',
  'space  +/-  p  ↑↓  enter  q  ? keys',
];

export interface KeyHelpProps {
  readonly width: number;
  /** One line of the main keys instead of the whole list. */
  readonly compact?: boolean;
}

export function KeyHelp({ width, compact = false }: KeyHelpProps): ReactElement {
  if (compact) return <Text dimColor>{truncate(COMPACT_LINES.find((l) => l.length <= width) ?? COMPACT_LINES[COMPACT_LINES.length - 1], width)}</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>keys (esc or ? to close)</Text>
      {KEYS.map(([key, what]) => (
        <Text key={key}>{truncate(`  ${key.padEnd(14)}${what}`, width)}</Text>
      ))}
    </Box>
  );
}
