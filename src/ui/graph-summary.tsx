// One line of graph totals (locks, edges, cycles, findings) and a sparkline of recent events/s.
import { Text } from 'ink';
import type { ReactElement } from 'react';
import type { EngineSnapshot } from '../replay/engine-snapshot.js';
import { sparkline } from './sparkline.js';

export interface GraphSummaryProps {
  readonly snapshot: EngineSnapshot;
  /** events/s samples, oldest first. */
  readonly history: readonly number[];
  readonly width: number;
}

export function GraphSummary({ snapshot: s, history, width }: GraphSummaryProps): ReactElement {
  const totals = `locks ${s.locks}  edges ${s.edges}  cycles ${s.cycles}  findings ${s.findings}  events/s `;
  return (
    <Text wrap="truncate">
      {totals}
      <Text color="cyan">{sparkline(history, width - totals.length)}</Text>
    </Text>
  );
}
