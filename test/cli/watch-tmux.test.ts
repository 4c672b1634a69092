// The whole app in a real terminal: tmux runs `faultline watch` at 100x30; keys go in with
// send-keys and the screen is read with capture-pane.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDistIfStale } from '../helpers/watch-build.js';
import { startTmuxPane, type TmuxPane } from '../helpers/watch-tmux.js';

const header = (screen: string): string => screen.split('\n').slice(0, 2).join('\n');

beforeAll(() => buildDistIfStale());

describe('faultline watch in a terminal', () => {
  let pane: TmuxPane | undefined;
  afterEach(() => pane?.kill());

  it('shows the tasks and the finding, pauses, switches policy and quits on q', async () => {
    // Started paused, so the screen can be seen before the (microseconds long) sample replays.
    pane = startTmuxPane('node bin/faultline.js watch traces/s2-abba-overlap.pb --policy naive --paused', process.cwd());
    const p = pane;
    await p.waitForScreen((s) => header(s).includes('policy naive') && header(s).includes('PAUSED') && s.includes('events 0 '));

    p.send('Space');
    const replayed = await p.waitForScreen((s) => header(s).includes('end of input') && s.includes('wait-cycle'));
    expect(header(replayed)).not.toContain('PAUSED');
    expect(replayed).toMatch(/\b211\b.*s2o/);
    expect(replayed).toMatch(/\b212\b.*s2o/);
    expect(replayed).toContain('order-inversion');

    p.send('Space');
    await p.waitForScreen((s) => header(s).includes('PAUSED'));

    // The next policy replays the file from its start, still paused; resumed, fdm finds the same AB/BA.
    p.send('p');
    await p.waitForScreen((s) => header(s).includes('policy fdm ') && header(s).includes('PAUSED') && s.includes('FINDINGS none yet'));
    p.send('Space');
    const underFdm = await p.waitForScreen((s) => header(s).includes('end of input') && s.includes('wait-cycle'));
    expect(header(underFdm)).toContain('policy fdm ');

    p.send('q');
    expect(await p.waitForExit()).toBe(1);
  }, 180_000);

  it('animates a sample of microseconds at ×1: a held lock shows on a frame before the end of input', async () => {
    // s2-abba-overlap spans 8 µs, far less than a frame: its events are stepped through one a frame.
    pane = startTmuxPane('node bin/faultline.js watch traces/s2-abba-overlap.pb --policy naive', process.cwd());
    const p = pane;
    const taskRows = (screen: string): string[] => screen.split('\n').filter((line) => /^\s+\d+ s2o\s/.test(line));
    const holding = await p.waitForScreen((s) => taskRows(s).some((row) => /pagecache\(254:0:1[23]\) block/.test(row)) || header(s).includes('end of input'));
    expect(header(holding)).not.toContain('end of input');
    const ended = await p.waitForScreen((s) => header(s).includes('end of input'));
    expect(ended).toContain('wait-cycle');
    p.send('q');
    expect(await p.waitForExit()).toBe(1);
  }, 180_000);
});
