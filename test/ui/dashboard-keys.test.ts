import { describe, expect, it } from 'vitest';
import type { KeyContext, KeyOutcome, KeyPress, UiState } from '../../src/ui/dashboard-keys.js';
import { INITIAL_UI, dashboardKey, stepSpeed } from '../../src/ui/dashboard-keys.js';
import type { Speed } from '../../src/ui/dashboard-model.js';

const ctx: KeyContext = { findings: 3, tasks: 40, detailLines: 30, page: 10, speed: 4, paused: false };
const main: UiState = INITIAL_UI;
const detail: UiState = { ...INITIAL_UI, view: 'detail', selected: 1, detailOffset: 5 };
const help: UiState = { ...INITIAL_UI, view: 'help' };
const key = (input: string, flags: Omit<KeyPress, 'input'> = {}): KeyPress => ({ input, ...flags });
const ui = (over: Partial<UiState>, from: UiState = main): KeyOutcome => ({ kind: 'ui', ui: { ...from, ...over } });

describe('dashboardKey', () => {
  it.each<{ name: string; state: UiState; press: KeyPress; context?: Partial<KeyContext>; expected: KeyOutcome }>([
    { name: 'q quits', state: main, press: key('q'), expected: { kind: 'action', action: { kind: 'quit' } } },
    { name: 'q quits from a report', state: detail, press: key('q'), expected: { kind: 'action', action: { kind: 'quit' } } },
    { name: 'ctrl-c quits', state: main, press: key('c', { ctrl: true }), expected: { kind: 'action', action: { kind: 'quit' } } },
    { name: 'space pauses', state: main, press: key(' '), expected: { kind: 'action', action: { kind: 'pause', paused: true } } },
    { name: 'space resumes', state: main, press: key(' '), context: { paused: true }, expected: { kind: 'action', action: { kind: 'pause', paused: false } } },
    { name: '+ speeds up', state: main, press: key('+'), expected: { kind: 'action', action: { kind: 'speed', speed: 8 } } },
    { name: '= speeds up (unshifted +)', state: main, press: key('='), expected: { kind: 'action', action: { kind: 'speed', speed: 8 } } },
    { name: '- slows down', state: main, press: key('-'), expected: { kind: 'action', action: { kind: 'speed', speed: 2 } } },
    { name: '+ at max changes nothing', state: main, press: key('+'), context: { speed: 'max' }, expected: { kind: 'ui', ui: main } },
    { name: '- at ×1 changes nothing', state: main, press: key('-'), context: { speed: 1 }, expected: { kind: 'ui', ui: main } },
    { name: 'p asks for the next policy', state: main, press: key('p'), expected: { kind: 'action', action: { kind: 'next-policy' } } },
    { name: '? opens the key list', state: main, press: key('?'), expected: ui({ view: 'help' }) },
    { name: '? closes the key list', state: help, press: key('?'), expected: ui({ view: 'main' }, help) },
    { name: 'esc closes the key list', state: help, press: key('', { escape: true }), expected: ui({ view: 'main' }, help) },
    { name: 'esc closes a report', state: detail, press: key('', { escape: true }), expected: ui({ view: 'main' }, detail) },
    { name: 'esc on the main view changes nothing', state: main, press: key('', { escape: true }), expected: { kind: 'ui', ui: main } },
    { name: '↓ selects the next finding', state: main, press: key('', { downArrow: true }), expected: ui({ selected: 1 }) },
    { name: '↓ stops at the last finding', state: { ...main, selected: 2 }, press: key('', { downArrow: true }), expected: ui({ selected: 2 }) },
    { name: '↑ stops at the first finding', state: main, press: key('', { upArrow: true }), expected: ui({ selected: 0 }) },
    { name: '↑ selects the previous finding', state: { ...main, selected: 2 }, press: key('', { upArrow: true }), expected: ui({ selected: 1 }) },
    { name: '↓ without findings stays at 0', state: main, press: key('', { downArrow: true }), context: { findings: 0 }, expected: ui({ selected: 0 }) },
    { name: 'enter opens the selected report', state: { ...main, selected: 2, detailOffset: 9 }, press: key('\r', { return: true }), expected: ui({ view: 'detail', selected: 2, detailOffset: 0 }) },
    { name: 'enter without findings changes nothing', state: main, press: key('\r', { return: true }), context: { findings: 0 }, expected: { kind: 'ui', ui: main } },
    { name: '↓ scrolls a report', state: detail, press: key('', { downArrow: true }), expected: ui({ detailOffset: 6 }, detail) },
    { name: '↑ scrolls a report back', state: detail, press: key('', { upArrow: true }), expected: ui({ detailOffset: 4 }, detail) },
    { name: 'pgdn scrolls a report by a page, not past its end', state: { ...detail, detailOffset: 25 }, press: key('', { pageDown: true }), expected: ui({ detailOffset: 29 }, detail) },
    { name: 'pgdn scrolls the task table', state: main, press: key('', { pageDown: true }), expected: ui({ taskOffset: 10 }) },
    { name: 'pgup scrolls the task table back, not before its start', state: { ...main, taskOffset: 4 }, press: key('', { pageUp: true }), expected: ui({ taskOffset: 0 }) },
    { name: 'other keys change nothing', state: main, press: key('x'), expected: { kind: 'ui', ui: main } },
  ])('$name', ({ state, press, context, expected }) => {
    expect(dashboardKey(state, press, { ...ctx, ...context })).toEqual(expected);
  });
});

describe('stepSpeed', () => {
  it.each<{ speed: Speed; direction: 1 | -1; expected: Speed }>([
    { speed: 1, direction: 1, expected: 2 },
    { speed: 512, direction: 1, expected: 1024 },
    { speed: 1024, direction: 1, expected: 'max' },
    { speed: 'max', direction: 1, expected: 'max' },
    { speed: 'max', direction: -1, expected: 1024 },
    { speed: 2, direction: -1, expected: 1 },
    { speed: 1, direction: -1, expected: 1 },
    { speed: 3, direction: 1, expected: 4 },
    { speed: 3, direction: -1, expected: 2 },
  ])('steps $speed by $direction to $expected', ({ speed, direction, expected }) => {
    expect(stepSpeed(speed, direction)).toBe(expected);
  });

  it('walks from ×1 to max in eleven presses of +', () => {
    let speed: Speed = 1;
    const seen: Speed[] = [speed];
    while (speed !== 'max') seen.push((speed = stepSpeed(speed, 1)));
    expect(seen).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 'max']);
  });
});
