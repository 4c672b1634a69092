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

  it.each([80, 72, 60, 40])('shows a whole one-line reminder at %i columns, quit and the key list in it', (width) => {
    const frame = render(<KeyHelp width={width} compact />).lastFrame() ?? '';
    expect(frame.length).toBeLessThanOrEqual(width);
    expect(frame).not.toContain('…');
    expect(frame).toMatch(/q( quit)? .*\? keys$/);
  });

  it('cuts the shortest reminder only below its width', () => {
    expect(render(<KeyHelp width={30} compact />).lastFrame()).toBe('space  +/-  p  ↑↓  enter  q  …');
  });
});
