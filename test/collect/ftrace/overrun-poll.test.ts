// The overruns a tracefs instance counts become `lost` events; a reader that tells the gaps in
// its pages has them counted once, the rest told when the recording stops.
import { describe, expect, it } from 'vitest';
import { pollOverruns } from '../../../src/collect/ftrace/overrun-poll.js';
import type { TraceEvent } from '../../../src/trace/event.js';

function lostCounts(events: readonly TraceEvent[]): number[] {
  return events.map((e) => (e.kind === 'lost' ? e.lost.count : -1));
}

describe('pollOverruns', () => {
  it('tells every overrun at finish when nothing else counted them', async () => {
    const events: TraceEvent[] = [];
    const poll = pollOverruns({ overruns: async () => 120 }, (e) => events.push(e), 'ftrace overrun');
    await poll.finish();
    expect(lostCounts(events)).toEqual([120]);
    expect(events[0]).toMatchObject({ tid: 0, lost: { source: 'ftrace overrun' } });
  });

  it.each([[120, 100, [20]], [120, 120, []], [100, 120, []]])(
    'with %i overruns and %i told from the pages, tells %j at finish', async (total, told, expected) => {
      const events: TraceEvent[] = [];
      const poll = pollOverruns({ overruns: async () => total }, (e) => events.push(e), 'ftrace overrun', () => told);
      await poll.finish();
      expect(lostCounts(events)).toEqual(expected);
    });
});
