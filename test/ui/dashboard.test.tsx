import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { DashboardViewProps } from '../../src/ui/dashboard.js';
import { Dashboard } from '../../src/ui/dashboard.js';
import { INITIAL_UI } from '../../src/ui/dashboard-keys.js';
import type { UiState } from '../../src/ui/dashboard-keys.js';
import { aFinding, aReport, aSnapshot, aTask, abba, dashboardProps, pagecache } from '../helpers/ui-builders.js';
import { frameLines } from '../helpers/ui-frames.js';

const tasks = [
  aTask(17242, 'ab', [pagecache(2164945, 'BLOCK')], pagecache(2164946, 'ADD')),
  aTask(17243, 'ba', [pagecache(2164946, 'BLOCK')], pagecache(2164945, 'ADD')),
  aTask(17250, 'kworker/u8:2', []),
];
const findings = [
  abba(2164945, 2164946),
  aFinding('aa', [pagecache(2164945, 'ADD')], [{ tid: 17244, comm: 'dio-self-mmap' }]),
];

function props(ui: Partial<UiState> = {}, over: Partial<DashboardViewProps> = {}): DashboardViewProps {
  return {
    ...dashboardProps({
      snapshot: aSnapshot({ events: 3331, ts: 4_200_000_000, lost: 3, tasks, locks: 7, edges: 9, cycles: 1, findings: 2 }),
      eventsPerSecond: 50_200,
      history: [1, 5, 9, 3],
      findings,
      speed: 'max',
    }),
    ui: { ...INITIAL_UI, ...ui },
    width: 100,
    height: 20,
    ...over,
  };
}

const lines = (p: DashboardViewProps): readonly string[] => frameLines(render(<Dashboard {...p} />).lastFrame());

describe('Dashboard', () => {
  it('shows header, graph summary, tasks waiting first, findings and the key reminder', () => {
    const out = lines(props());
    expect(out[0]).toBe('faultline traces/s2-abba.pb  policy naive  semantics predictive');
    expect(out[1]).toBe('events 3331  50.2 k/s  lost 3  speed max  t 4.200000 s');
    expect(out[2]).toMatch(/^locks 7 {2}edges 9 {2}cycles 1 {2}findings 2 {2}events\/s ▂▅█▃$/);
    expect(out[3]).toMatch(/^\s+TID COMM/);
    expect(out.slice(4, 7).map((l) => l.trim().split(/\s+/)[0])).toEqual(['17242', '17243', '17250']);
    const title = out.findIndex((l) => l.startsWith('FINDINGS 2'));
    expect(out[title + 1]).toMatch(/^> order-inversion/);
    expect(out[title + 2]).toMatch(/^ {2}aa {2}pagecache\(254:0:2164945\) add {2}\[dio-self-mmap\/17244\]$/);
    expect(out.at(-1)).toMatch(/^space pause {2}\+\/- speed/);
  });

  it('keeps lost events in view on a narrow terminal', () => {
    expect(lines(props({}, { width: 40 }))[1]).toMatch(/^events 3331 {2}50.2 k\/s {2}lost 3 {2}speed/);
  });

  it('fills exactly its height', () => {
    expect(lines(props())).toHaveLength(20);
  });

  it.each([24, 40, 60])('keeps every line within a width of %i columns', (width) => {
    const out = lines(props({}, { width, height: 18 }));
    expect(out.length).toBeLessThanOrEqual(18);
    for (const line of out) expect(Array.from(line).length).toBeLessThanOrEqual(width);
    expect(out.join('\n')).toContain('…');
  });

  it('keeps the finding list within a short terminal', () => {
    const many = Array.from({ length: 30 }, (_, i) => abba(10 + i, 50 + i));
    const out = lines(props({ selected: 29 }, { findings: many, height: 12 }));
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out.filter((l) => l.startsWith('>'))).toEqual([expect.stringContaining('254:0:39')]);
  });

  it('opens the selected finding\'s report in the detail view', () => {
    const out = lines(props({ view: 'detail', selected: 1 }));
    expect(out[2]).toBe('finding 2 of 2  esc back');
    expect(out.slice(3, 5)).toEqual(aReport(1).split('\n').slice(0, 2));
    expect(out.join('\n')).not.toContain('TID COMM');
  });

  it('shows the key list in the help view', () => {
    const out = lines(props({ view: 'help' }));
    expect(out[2]).toBe('keys (esc or ? to close)');
    expect(out.join('\n')).toMatch(/space\s+pause \/ resume the replay/);
  });

  it('falls back to the main view when the open finding is gone (the list started over)', () => {
    const out = lines(props({ view: 'detail', selected: 1 }, { findings: [] }));
    expect(out).toContainEqual('FINDINGS none yet');
  });

  it('clamps a selection beyond the list to its last finding', () => {
    const out = lines(props({ selected: 7 }));
    expect(out.filter((l) => l.startsWith('>'))).toEqual([expect.stringMatching(/^> aa /)]);
  });
});
