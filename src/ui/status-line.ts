// The one-line status printed instead of the dashboard when stdout is not a terminal:
// "events 12345 (50.2 k/s) lost 0 tasks 3 locks 7 edges 9 findings 1".
import type { EngineSnapshot } from '../replay/engine-snapshot.js';
import { formatRate } from './format-rate.js';

export function statusLine(snapshot: EngineSnapshot, eventsPerSecond: number): string {
  const s = snapshot;
  return (
    `events ${s.events} (${formatRate(eventsPerSecond)}) lost ${s.lost} tasks ${s.tasks.length} ` +
    `locks ${s.locks} edges ${s.edges} findings ${s.findings}`
  );
}
