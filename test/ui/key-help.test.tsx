import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KEYS, KeyHelp } from '../../src/ui/key-help.js';
import { frameLines } from '../helpers/ui-frames.js';

describe('KeyHelp', () => {
  it.each([
    ['space', 'pause'],
    ['+ / -', 'faster / slower'],
    ['p', 'next policy'],
    ['↑ / ↓', 'select a finding'],
    ['enter', 'report'],
    ['esc', 'back'],
    ['q', 'quit'],
    ['?', 'this list'],
  ])('lists %s (%s)', (key, what) => {
    const line = frameLines(render(<KeyHelp width={100} />).lastFrame()).find((l) => l.startsWith(`  ${key} `));
    expect(line).toContain(what);
  });

  it('lists every key once, under a title', () => {
    const lines = frameLines(render(<KeyHelp width={100} />).lastFrame());
    expect(lines[0]).toBe('keys (esc or ? to close)');
    expect(lines).toHaveLength(KEYS.length + 1);
  });

  it('fits the one-line reminder to the width', () => {
    const frame = render(<KeyHelp width={30} compact />).lastFrame() ?? '';
    expect(frame).toBe('space pause  +/- speed  p pol…');
  });
});
