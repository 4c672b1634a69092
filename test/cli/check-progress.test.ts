// `check` of a long trace on a terminal (tmux): the input's name and format first, then a progress
// line on stderr with events, rate, the share of the file and the time left; the report in -o.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';
import { buildDistIfStale } from '../helpers/watch-build.js';
import { startTmuxPane, type TmuxPane } from '../helpers/watch-tmux.js';

beforeAll(() => buildDistIfStale());

describe('check on a terminal', () => {
  let pane: TmuxPane | undefined;
  afterEach(() => pane?.kill());

  it('names the input, then shows its progress, then writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-progress-'));
    const trace = join(dir, 'long.pb');
    expect((await faultline(['gen', '--events', '2000000', '-o', trace])).exitCode).toBe(0);
    const report = join(dir, 'report.txt');
    pane = startTmuxPane(`node bin/faultline.js check ${trace} --policy all -o ${report}`, process.cwd(), 120, 10);
    const screen = await pane.waitForScreen((s) => /[\d,]+ events, [\d.]+ (k |M )?events\/s, \d+% of the file/.test(s), 60_000);
    expect(screen.split('\n')[0]).toBe(`faultline: checking ${trace} (pb) → ${report}`);
    expect(await pane.waitForExit(120_000)).toBe(1);
    expect(readFileSync(report, 'utf8')).toMatch(/^2000000 events, 0 lost$/m);
  }, 180_000);
});
