// The dashboard at the two terminal sizes people use most, 80x24 and 120x40, in tmux: nothing cut
// that matters (the key line, the finding lines' locks), free rows go to the findings, a trace of
// microseconds animates in slow motion, and the selection reads "selected 2 of 3".
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';
import { buildDistIfStale } from '../helpers/watch-build.js';
import { startTmuxPane, type TmuxPane } from '../helpers/watch-tmux.js';

beforeAll(() => buildDistIfStale());

const rows = (screen: string): string[] => screen.replace(/\n$/, '').split('\n');

describe('faultline watch at 80x24 and 120x40', () => {
  let pane: TmuxPane | undefined;
  afterEach(() => pane?.kill());

  it('80x24: a microseconds-long AB/BA animates at ×0.00001, its findings show held → requested modes, the key line is whole', async () => {
    // Under lockdep semantics the sample has two findings (aa on the page-cache class, the wait-cycle).
    pane = startTmuxPane('node bin/faultline.js watch traces/s2-abba-overlap.pb --policy naive --semantics lockdep --speed 0.00001', process.cwd(), 80, 24);
    const p = pane;
    // Mid-replay: some events shown, not yet the end (9 events over 8 µs last ~0.8 s at this speed).
    const mid = await p.waitForScreen((s) => /events [1-8] /.test(s));
    expect(mid).not.toContain('end of input');
    const done = await p.waitForScreen((s) => s.includes('end of input') && s.includes('wait-cycle'));
    const lines = rows(done);
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(done).toContain('FINDINGS 2  selected 1 of 2');
    expect(done).toContain('pagecache(254:0:13) block → pagecache(254:0:12) add');
    const keyLine = lines.find((l) => l.startsWith('space pause'));
    expect(keyLine).toBeDefined();
    expect(keyLine).not.toContain('…');
    expect(keyLine).toContain('q quit');
    p.send('Down');
    await p.waitForScreen((s) => s.includes('selected 2 of 2'));
    p.send('q');
    expect(await p.waitForExit()).toBe(1);
  }, 120_000);

  it('120x40: with many findings and few tasks, the findings take the free rows', async () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'faultline-tmux-')), 'many.pb');
    expect((await faultline(['gen', '--events', '20000', '--tasks', '4', '--abba', '40', '--abc', '0', '--aa', '0', '-o', trace])).exitCode).toBe(0);
    pane = startTmuxPane(`node bin/faultline.js watch ${trace} --policy naive --speed max`, process.cwd(), 120, 40);
    const p = pane;
    const done = await p.waitForScreen((s) => s.includes('end of input') && /FINDINGS 40 /.test(s));
    const lines = rows(done);
    const title = lines.findIndex((l) => l.startsWith('FINDINGS'));
    const keys = lines.findIndex((l) => l.startsWith('space pause'));
    expect(title).toBeGreaterThan(0);
    // Every row between the list's title and the key line holds a finding: none left blank, none cut.
    const listed = lines.slice(title + 1, keys);
    expect(listed.length).toBeGreaterThanOrEqual(40 - 4 - 8 - 1);
    for (const line of listed) expect(line).toMatch(/^[> ] order-inversion {2}\S/);
    expect(keys).toBeLessThan(40);
    expect(lines[keys]).not.toContain('…');
    p.send('q');
    expect(await p.waitForExit()).toBe(1);
  }, 120_000);
});
