// The dashboard's keys as a pure reducer: a key press either changes the UI state (selection,
// scrolling, which view is open) or asks the watch session for an action (quit, speed, ...).
import type { Speed } from './dashboard-model.js';
import { SPEEDS } from './dashboard-model.js';

export type DashboardView = 'main' | 'detail' | 'help';

/** What only the terminal UI knows; the session's state comes in DashboardProps. */
export interface UiState {
  readonly view: DashboardView;
  /** Index of the selected finding (0 when there are none). */
  readonly selected: number;
  /** First task row shown in the task table. */
  readonly taskOffset: number;
  /** First report line shown in the detail view. */
  readonly detailOffset: number;
}

export const INITIAL_UI: UiState = { view: 'main', selected: 0, taskOffset: 0, detailOffset: 0 };

/** What the watch session is asked to do. */
export type DashboardAction =
  | { readonly kind: 'quit' }
  | { readonly kind: 'next-policy' }
  | { readonly kind: 'speed'; readonly speed: Speed }
  | { readonly kind: 'pause'; readonly paused: boolean };

/** A key press; the subset of Ink's `useInput` (input, key) this reducer reads. */
export interface KeyPress {
  readonly input: string;
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
}

/** The session state the keys depend on, and the sizes that bound scrolling. */
export interface KeyContext {
  readonly findings: number;
  readonly tasks: number;
  /** Lines in the open finding's report. */
  readonly detailLines: number;
  /** Rows one page-up/page-down moves. */
  readonly page: number;
  readonly speed: Speed;
  readonly paused: boolean;
}

export type KeyOutcome =
  | { readonly kind: 'ui'; readonly ui: UiState }
  | { readonly kind: 'action'; readonly action: DashboardAction };

// The next speed up (`+`) or down (`-`) the SPEEDS ladder; unchanged at either end.
export function stepSpeed(speed: Speed, direction: 1 | -1): Speed {
  const numeric = SPEEDS.filter((s): s is number => s !== 'max');
  const fastest = numeric[numeric.length - 1];
  if (speed === 'max') return direction === 1 ? 'max' : fastest;
  if (direction === 1) return numeric.find((s) => s > speed) ?? 'max';
  return [...numeric].reverse().find((s) => s < speed) ?? speed;
}

// Applies one key press to the UI state, or names the action it asks for.
export function dashboardKey(ui: UiState, key: KeyPress, ctx: KeyContext): KeyOutcome {
  const same: KeyOutcome = { kind: 'ui', ui };
  const set = (patch: Partial<UiState>): KeyOutcome => ({ kind: 'ui', ui: { ...ui, ...patch } });
  const act = (action: DashboardAction): KeyOutcome => ({ kind: 'action', action });
  const clamp = (n: number, count: number): number => Math.max(0, Math.min(n, count - 1));

  if (key.input === 'q' || (key.ctrl === true && key.input === 'c')) return act({ kind: 'quit' });
  if (key.input === '?') return set({ view: ui.view === 'help' ? 'main' : 'help' });
  if (key.input === ' ') return act({ kind: 'pause', paused: !ctx.paused });
  if (key.input === 'p') return act({ kind: 'next-policy' });
  if (key.input === '+' || key.input === '=' || key.input === '-' || key.input === '_') {
    const speed = stepSpeed(ctx.speed, key.input === '+' || key.input === '=' ? 1 : -1);
    return speed === ctx.speed ? same : act({ kind: 'speed', speed });
  }
  if (key.escape === true) return ui.view === 'main' ? same : set({ view: 'main' });

  if (ui.view === 'detail') {
    const step = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -ctx.page : key.pageDown ? ctx.page : 0;
    return step === 0 ? same : set({ detailOffset: clamp(ui.detailOffset + step, ctx.detailLines) });
  }
  if (ui.view === 'help') return same;

  if (key.upArrow) return set({ selected: clamp(ui.selected - 1, ctx.findings) });
  if (key.downArrow) return set({ selected: clamp(ui.selected + 1, ctx.findings) });
  if (key.pageUp) return set({ taskOffset: clamp(ui.taskOffset - ctx.page, ctx.tasks) });
  if (key.pageDown) return set({ taskOffset: clamp(ui.taskOffset + ctx.page, ctx.tasks) });
  if (key.return === true && ctx.findings > 0) {
    return set({ view: 'detail', selected: clamp(ui.selected, ctx.findings), detailOffset: 0 });
  }
  return same;
}
