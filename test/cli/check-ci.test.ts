// `check` as a CI step runs it: a shell script with a suppressions file, SARIF written to a file
// for the code-scanning upload, and the exit status deciding whether the step fails.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';
import { sarifErrors } from '../helpers/sarif-validate.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-ci-'));
const bin = resolve('bin/faultline.js');

// Runs `script` with sh -e from `dir`, faultline on its PATH as `faultline`.
async function step(script: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  writeFileSync(join(dir, 'faultline'), `#!/bin/sh\nexec node ${bin} "$@"\n`, { mode: 0o755 });
  const r = await execa('sh', ['-ec', script], { cwd: dir, reject: false, env: { PATH: `${dir}:${process.env.PATH}` } });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('check in CI', () => {
  const abba = resolve('test/fixtures/ftrace/s2-abba-ext4.txt');
  const aa = resolve('traces/s1-aa.pb');

  it('fails on the AB/BA deadlock, passes once it is suppressed, and uploads a valid SARIF either way', async () => {
    const failing = await step(`faultline check ${abba} --policy naive,fdm --format sarif -o report.sarif`);
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8'));
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs.map((r: { results: unknown[] }) => r.results.length)).toEqual([1, 1]);

    writeFileSync(join(dir, 'known.supp'), [
      '# the seed AB/BA: fixed upstream, kept as a regression trace',
      'order-inversion pagecache(254:0:*){block} pagecache(254:0:*){block}',
      'aa *   # never matches in this trace',
    ].join('\n'));
    const passing = await step(`faultline check ${abba} --policy naive,fdm --format sarif -o report.sarif --suppress known.supp --list-unused-suppressions`);
    expect(passing.exitCode).toBe(0);
    expect(passing.stderr).toBe('faultline: known.supp:3: unused suppression: aa *');
    const suppressed = JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8'));
    expect(sarifErrors(suppressed)).toEqual([]);
    expect(suppressed.runs[0].results[0].suppressions[0].justification).toMatch(/^known\.supp:2: order-inversion/);

    const text = await step(`faultline check ${abba} --policy naive --suppress known.supp`);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('policy naive: no deadlocks found\n  1 suppressed by known.supp');
    expect(text.stdout).not.toContain('WARNING');
  });

  it('fails on a coherency hazard as on any finding by default; --fail-on tells the kinds apart', async () => {
    const cases: [string, number][] = [
      [`faultline check ${aa} --policy mainline`, 1],
      [`faultline check ${aa} --policy mainline --fail-on all`, 1],
      [`faultline check ${aa} --policy mainline --fail-on aa,order-inversion`, 0],
      [`faultline check ${aa} --policy naive,mainline`, 1],
      [`faultline check ${aa} --policy naive --fail-on none`, 0],
      [`faultline check ${aa} --policy naive --fail-on deadlock`, 2],
    ];
    for (const [script, code] of cases) expect([script, (await step(`${script} >/dev/null`)).exitCode]).toEqual([script, code]);
  });

  it('a step that reads the exit status: || true keeps going and the JSON holds every policy', async () => {
    const r = await step(`faultline check ${aa} --policy all --format json -o all.json || echo "status $?"`);
    expect(r.stdout.trim()).toBe('status 1');
    const { reports } = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8'));
    expect(reports).toHaveLength(4);
  });

  it('a missing or malformed suppressions file is one line and exit 2', async () => {
    writeFileSync(join(dir, 'bad.supp'), 'Order-Inversion x\n');
    for (const supp of ['missing.supp', 'bad.supp']) {
      const r = await faultline(['check', aa, '--suppress', join(dir, supp)]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(supp);
    }
  });
});
