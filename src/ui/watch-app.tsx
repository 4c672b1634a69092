// The `faultline watch` app: renders the latest DashboardProps from `state$`, turns key presses
// into UI changes or session actions, and follows the terminal's size. Mount with Ink's render().
import { Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { Observable } from 'rxjs';
import { Dashboard } from './dashboard.js';
import type { DashboardAction, KeyPress, UiState } from './dashboard-keys.js';
import { INITIAL_UI, dashboardKey } from './dashboard-keys.js';
import { dashboardLayout } from './dashboard-layout.js';
import type { DashboardProps, Speed } from './dashboard-model.js';
import { SPEEDS } from './dashboard-model.js';

/** Terminal size when the output stream does not say (not a TTY). */
const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;
const INITIAL_SPEED = SPEEDS[0];

export interface WatchAppProps {
  /** The session's state after each batch (or speed, pause, policy change). */
  readonly state$: Observable<DashboardProps>;
  /** Called for quit, next-policy, speed and pause; after `quit` the app also exits Ink. */
  readonly onAction: (action: DashboardAction) => void;
}

/** The newest state, UI state, and speed and pause as last requested or reported. */
interface Latest {
  readonly state: DashboardProps | undefined;
  readonly ui: UiState;
  readonly speed: Speed;
  readonly paused: boolean;
}

interface Size { readonly columns: number; readonly rows: number }

// The output stream's size, updated on 'resize'.
function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ columns: stdout.columns || DEFAULT_COLUMNS, rows: stdout.rows || DEFAULT_ROWS });
  const [size, setSize] = useState<Size>(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

export function WatchApp({ state$, onAction }: WatchAppProps): ReactElement {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [state, setState] = useState<DashboardProps | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [ui, setUi] = useState<UiState>(INITIAL_UI);
  // Key presses can arrive faster than renders and than the session's next state: read the
  // newest values, not a render's closure, and count our own speed and pause requests as done.
  const latest = useRef<Latest>({ state, ui, speed: INITIAL_SPEED, paused: false });

  useEffect(() => {
    const subscription = state$.subscribe({
      next: (next) => {
        latest.current = { ...latest.current, state: next, speed: next.speed, paused: next.paused };
        setState(next);
      },
      error: (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
    });
    return () => subscription.unsubscribe();
  }, [state$]);

  // One line below the terminal's height, so Ink redraws in place instead of clearing the screen.
  const height = Math.max(1, size.rows - 1);

  const act = (action: DashboardAction): void => {
    if (action.kind === 'speed') latest.current = { ...latest.current, speed: action.speed };
    if (action.kind === 'pause') latest.current = { ...latest.current, paused: action.paused };
    onAction(action);
    if (action.kind === 'quit') exit();
  };

  // Applies one key press; false once it asked to quit.
  const handle = (press: KeyPress): boolean => {
    const { state: current, ui: now, speed, paused } = latest.current;
    if (current === undefined) {
      const quit = press.input === 'q' || (press.ctrl === true && press.input === 'c');
      if (quit) act({ kind: 'quit' });
      return !quit;
    }
    const outcome = dashboardKey(now, press, {
      findings: current.findings.length,
      tasks: current.snapshot.tasks.length,
      detailLines: now.view === 'detail' ? current.reports(now.selected).split('\n').length : 0,
      page: Math.max(1, dashboardLayout(height, current.findings.length, current.snapshot.tasks.length).taskRows - 2),
      speed,
      paused,
    });
    if (outcome.kind === 'action') {
      act(outcome.action);
      return outcome.action.kind !== 'quit';
    }
    latest.current = { ...latest.current, ui: outcome.ui };
    setUi(outcome.ui);
    return true;
  };

  // Ink hands a run of plain characters typed quickly (or a held key repeating) over as one
  // input: take it one key at a time. Escape sequences (arrows, pgup) always come alone.
  useInput((input, key) => {
    const plain = input.length > 1 && !key.ctrl && !key.meta;
    const presses: readonly KeyPress[] = plain ? Array.from(input, (ch) => ({ input: ch })) : [{ ...key, input }];
    for (const press of presses) if (!handle(press)) break;
  });

  if (failure !== undefined) return <Text color="red">{`faultline watch: ${failure}`}</Text>;
  if (state === undefined) return <Text dimColor>faultline watch: waiting for the first events…</Text>;
  return <Dashboard {...state} ui={ui} width={size.columns} height={height} />;
}
