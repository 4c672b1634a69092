import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Header } from '../../src/ui/header.js';
import type { HeaderProps } from '../../src/ui/header.js';
import { aSnapshot, dashboardProps } from '../helpers/ui-builders.js';
import { RED, withColors } from '../helpers/ui-colors.js';

withColors();

const base: HeaderProps = dashboardProps({
  source: 'traces/s2-abba.pb',
  policy: 'fdm',
  semantics: 'lockdep',
  snapshot: aSnapshot({ events: 3331, ts: 12_345_678_901, lost: 0 }),
  eventsPerSecond: 50_249,
  speed: 4,
});

const frame = (over: Partial<HeaderProps> = {}): string => render(<Header {...base} {...over} />).lastFrame() ?? '';
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('Header', () => {
  it('names the source, policy and semantics on its first line', () => {
    expect(plain(frame()).split('\n')[0]).toBe('faultline traces/s2-abba.pb  policy fdm  semantics lockdep');
  });

  it('shows events, rate, lost, speed and trace time in seconds on its second line', () => {
    expect(plain(frame()).split('\n')[1]).toBe('events 3331  50.2 k/s  lost 0  speed ×4  t 12.345679 s');
  });

  it.each([
    { speed: 1 as const, shown: 'speed ×1' },
    { speed: 1024 as const, shown: 'speed ×1024' },
    { speed: 'max' as const, shown: 'speed max' },
  ])('shows speed $speed as "$shown"', ({ speed, shown }) => {
    expect(plain(frame({ speed }))).toContain(shown);
  });

  it('highlights lost events in red when some were lost', () => {
    const lost = frame({ snapshot: aSnapshot({ lost: 17 }) });
    expect(lost).toMatch(new RegExp(`\\u001b\\[31m(\\u001b\\[1m)?lost 17`));
  });

  it('does not highlight lost when none were lost', () => {
    const out = frame();
    expect(out).not.toContain(RED);
    expect(plain(out)).toContain('lost 0');
  });

  it.each([
    { over: { paused: true }, shows: 'PAUSED' },
    { over: { incomplete: true }, shows: 'incomplete input' },
    { over: { done: true }, shows: 'end of input' },
  ])('says "$shows" when $over', ({ over, shows }) => {
    expect(plain(frame())).not.toContain(shows);
    expect(plain(frame(over))).toContain(shows);
  });
});
