// The findings, one line each, newest last. Like Ink's <Static>, a line is formatted once when its
// finding arrives and never rewritten; a new list (another policy) starts over. The window keeps
// the newest lines in view unless the selection is above them.
import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { ReactElement } from 'react';
import type { Finding } from '../detect/finding.js';
import { truncate } from './fit-text.js';
import { findingLine } from './finding-line.js';

// The first line index of a `rows`-line window over `count` lines that shows `selected`.
export function listWindowStart(count: number, selected: number, rows: number): number {
  const tail = Math.max(0, count - rows);
  return Math.max(0, Math.min(tail, selected));
}

interface LineCache {
  origin: string;
  readonly lines: string[];
}

function originOf(findings: readonly Finding[]): string {
  const first = findings[0];
  return first === undefined ? '' : `${first.policy}\u0000${first.semantics}\u0000${first.key}`;
}

// Lines of the findings seen so far, extended with the new ones; reset when the list is new.
function useAppendOnlyLines(findings: readonly Finding[]): readonly string[] {
  const cache = useRef<LineCache>({ origin: '', lines: [] });
  const origin = originOf(findings);
  if (findings.length < cache.current.lines.length || (cache.current.lines.length > 0 && origin !== cache.current.origin)) {
    cache.current = { origin, lines: [] };
  }
  cache.current.origin = origin;
  for (let i = cache.current.lines.length; i < findings.length; i++) cache.current.lines.push(findingLine(findings[i]));
  return cache.current.lines;
}

export interface FindingListProps {
  readonly findings: readonly Finding[];
  /** Index of the highlighted finding. */
  readonly selected: number;
  readonly width: number;
  /** Lines available, the title included. */
  readonly rows: number;
}

export function FindingList({ findings, selected, width, rows }: FindingListProps): ReactElement {
  const lines = useAppendOnlyLines(findings);
  const body = Math.max(0, rows - 1);
  const start = listWindowStart(lines.length, selected, body);
  const title = lines.length === 0
    ? 'FINDINGS none yet'
    : `FINDINGS ${lines.length}  selected ${Math.min(selected, lines.length - 1) + 1} of ${lines.length}  (enter: its report)`;
  // Its rows are held even when empty, so the key line below stays at the foot of the screen.
  return (
    <Box flexDirection="column" height={rows} flexShrink={0}>
      <Text bold>{truncate(title, width)}</Text>
      {lines.slice(start, start + body).map((line, k) => {
        const i = start + k;
        const on = i === selected;
        return (
          <Text key={i} inverse={on}>
            {truncate(`${on ? '>' : ' '} ${line}`, width)}
          </Text>
        );
      })}
    </Box>
  );
}
