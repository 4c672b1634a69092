// `watch --live` of a program shorter than the dashboard's start-up: the end of the recording shows
// its whole state (events, tasks, findings), as the status lines without a terminal and on the
// dashboard in tmux; the numbers agree with `check` of the trace the recording saved.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeLive } from '../helpers/live-requirements.js';
import { scratchDir, type ScratchFs } from '../helpers/live-xfs.js';
import { buildRecordReproducer, faultline, removeReproducer } from '../helpers/record-cli.js';
import { buildDistIfStale } from '../helpers/watch-build.js';
import { startTmuxPane, type TmuxPane } from '../helpers/watch-tmux.js';

describeLive('faultline watch --live of a short program', ['gcc', 'tmux'], () => {
  let fs: ScratchFs;
  let binary: string;
  let pane: TmuxPane | undefined;
  beforeAll(async () => {
    buildDistIfStale();
    fs = await scratchDir();
    binary = await buildRecordReproducer('s2-abba');
  });
  afterEach(() => pane?.kill());
  afterAll(async () => {
    await fs.dispose();
    await removeReproducer(binary);
  });

  it('without a terminal: the last status line counts every event of the saved trace', async () => {
    const trace = join(fs.dir, 'plain.pb');
    const run = await faultline(['watch', '--live', '--policy', 'naive', '-o', trace, '--', binary, fs.dir]);
    expect(run.exitCode).toBe(1);
    const check = JSON.parse(String((await faultline(['check', trace, '--policy', 'naive', '--format', 'json'])).stdout));
    expect(check.findings.length).toBeGreaterThan(0);
    const status = String(run.stdout).split('\n').filter((l) => l.startsWith('events '));
    expect(status.at(-1)).toMatch(new RegExp(`^events ${check.input.events} .* findings ${check.findings.length}$`));
  }, 120_000);

  it('on the dashboard: the end shows the events, tasks and findings of the saved trace', async () => {
    const trace = join(fs.dir, 'tty.pb');
    pane = startTmuxPane(`node bin/faultline.js watch --live --policy naive -o ${trace} -- ${binary} ${fs.dir}`, process.cwd(), 100, 30);
    const end = await pane.waitForScreen((s) => s.includes('end of input'), 60_000);
    const check = JSON.parse(String((await faultline(['check', trace, '--policy', 'naive', '--format', 'json'])).stdout));
    expect(end).toContain(`events ${check.input.events} `);
    expect(end).toContain(`FINDINGS ${check.findings.length} `);
    expect(end).toMatch(/s2-abba/);
    pane.send('q');
    expect(await pane.waitForExit()).toBe(1);
  }, 120_000);
});
