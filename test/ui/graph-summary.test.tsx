import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { GraphSummary } from '../../src/ui/graph-summary.js';
import { aSnapshot } from '../helpers/ui-builders.js';

describe('GraphSummary', () => {
  const snapshot = aSnapshot({ locks: 7, edges: 9, cycles: 1, findings: 2 });

  it('shows locks, edges, cycles, findings and a sparkline of events/s', () => {
    const frame = render(<GraphSummary snapshot={snapshot} history={[0, 10, 20, 70]} width={100} />).lastFrame();
    expect(frame).toBe('locks 7  edges 9  cycles 1  findings 2  events/s ▁▂▃█');
  });

  it('fits the sparkline into the width left, newest samples kept', () => {
    const history = Array.from({ length: 200 }, (_, i) => (i < 195 ? 0 : 100));
    const frame = render(<GraphSummary snapshot={snapshot} history={history} width={60} />).lastFrame() ?? '';
    expect(Array.from(frame)).toHaveLength(60);
    expect(frame.endsWith(`events/s ${'▁'.repeat(6)}${'█'.repeat(5)}`)).toBe(true);
  });
});
