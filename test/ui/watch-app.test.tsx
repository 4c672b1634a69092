import { render } from 'ink-testing-library';
import { BehaviorSubject, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DashboardAction } from '../../src/ui/dashboard-keys.js';
import type { DashboardProps } from '../../src/ui/dashboard-model.js';
import { WatchApp } from '../../src/ui/watch-app.js';
import { aReport, aSnapshot, abba, dashboardProps } from '../helpers/ui-builders.js';
import { frameLines, settle } from '../helpers/ui-frames.js';

const ESC = '\u001b';
const DOWN = '\u001b[B';

function mount(state$: Subject<DashboardProps>) {
  const actions: DashboardAction[] = [];
  const app = render(<WatchApp state$={state$} onAction={(a) => actions.push(a)} />);
  return { app, actions };
}

async function press(app: ReturnType<typeof render>, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    app.stdin.write(key);
    await settle();
  }
}

describe('WatchApp', () => {
  it('waits for the first state, then renders each new one', async () => {
    const state$ = new Subject<DashboardProps>();
    const { app } = mount(state$);
    await settle();
    expect(app.lastFrame()).toContain('waiting for the first events');
    state$.next(dashboardProps({ snapshot: aSnapshot({ events: 10 }) }));
    await settle();
    expect(app.lastFrame()).toContain('events 10 ');
    state$.next(dashboardProps({ snapshot: aSnapshot({ events: 2500 }) }));
    await settle();
    expect(app.lastFrame()).toContain('events 2500 ');
    app.unmount();
  });

  it('fits the dashboard to the output stream: its columns, one line less than its rows', async () => {
    const state$ = new BehaviorSubject<DashboardProps>(dashboardProps());
    const { app } = mount(state$);
    await settle();
    // ink-testing-library's stdout has 100 columns and no rows: the app assumes 24.
    const lines = frameLines(app.lastFrame());
    expect(lines).toHaveLength(23);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(100);
    app.unmount();
  });

  it.each<{ keys: string[]; paused?: boolean; expected: DashboardAction }>([
    { keys: [' '], expected: { kind: 'pause', paused: true } },
    { keys: [' '], paused: true, expected: { kind: 'pause', paused: false } },
    { keys: ['+'], expected: { kind: 'speed', speed: 8 } },
    { keys: ['-'], expected: { kind: 'speed', speed: 2 } },
    { keys: ['p'], expected: { kind: 'next-policy' } },
  ])('reports $expected.kind for $keys', async ({ keys, paused = false, expected }) => {
    const state$ = new BehaviorSubject<DashboardProps>(dashboardProps({ speed: 4, paused }));
    const { app, actions } = mount(state$);
    await settle();
    await press(app, ...keys);
    expect(actions).toEqual([expected]);
    app.unmount();
  });

  it('takes a run of keys typed faster than a render one at a time, speed steps adding up', async () => {
    const state$ = new BehaviorSubject<DashboardProps>(dashboardProps({ speed: 4 }));
    const { app, actions } = mount(state$);
    await settle();
    await press(app, '++ pq+');
    expect(actions).toEqual([
      { kind: 'speed', speed: 8 },
      { kind: 'speed', speed: 16 },
      { kind: 'pause', paused: true },
      { kind: 'next-policy' },
      { kind: 'quit' },
    ]);
  });

  it('takes speed and pause from each new state the session sends', async () => {
    const state$ = new BehaviorSubject<DashboardProps>(dashboardProps({ speed: 4 }));
    const { app, actions } = mount(state$);
    await settle();
    await press(app, '+');
    state$.next(dashboardProps({ speed: 'max', paused: true }));
    await settle();
    await press(app, '-', ' ');
    expect(actions).toEqual([
      { kind: 'speed', speed: 8 },
      { kind: 'speed', speed: 1024 },
      { kind: 'pause', paused: false },
    ]);
    app.unmount();
  });

  it('quits on q: reports it and exits Ink', async () => {
    const state$ = new BehaviorSubject<DashboardProps>(dashboardProps());
    const { app, actions } = mount(state$);
    await settle();
    await press(app, 'q');
    expect(actions).toEqual([{ kind: 'quit' }]);
    expect(state$.observed).toBe(false);
  });

  it('quits on q before the first state arrives', async () => {
    const state$ = new Subject<DashboardProps>();
    const { app, actions } = mount(state$);
    await settle();
    await press(app, 'q');
    expect(actions).toEqual([{ kind: 'quit' }]);
  });

  it('selects a finding, opens its report and goes back with esc', async () => {
    const findings = [abba(1, 2), abba(3, 4), abba(5, 6)];
    const state$ = new BehaviorSubject<DashboardProps>(dashboardProps({ findings, reports: (i) => aReport(i) }));
    const { app, actions } = mount(state$);
    await settle();
    await press(app, DOWN, DOWN, '\r');
    expect(app.lastFrame()).toContain('finding 3 of 3  esc back');
    expect(app.lastFrame()).toContain('circular locking dependency detected (finding 3)');
    await press(app, ESC);
    expect(app.lastFrame()).toContain('FINDINGS 3');
    expect(frameLines(app.lastFrame()).filter((l) => l.startsWith('>'))).toEqual([expect.stringContaining('254:0:5')]);
    expect(actions).toEqual([]);
    app.unmount();
  });

  it('toggles the key list with ?', async () => {
    const state$ = new BehaviorSubject<DashboardProps>(dashboardProps());
    const { app } = mount(state$);
    await settle();
    await press(app, '?');
    expect(app.lastFrame()).toContain('keys (esc or ? to close)');
    await press(app, '?');
    expect(app.lastFrame()).not.toContain('keys (esc or ? to close)');
    app.unmount();
  });

  it('shows an error from the state stream instead of the dashboard', async () => {
    const state$ = new Subject<DashboardProps>();
    const { app } = mount(state$);
    await settle();
    state$.error(new Error('expected FLTRACE1 magic, got "GARBAGE!"'));
    await settle();
    expect(app.lastFrame()).toBe('faultline watch: expected FLTRACE1 magic, got "GARBAGE!"');
    app.unmount();
  });
});
