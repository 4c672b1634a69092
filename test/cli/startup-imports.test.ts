// Each command loads only what it runs: the dashboard (Ink, React, src/ui) and the collectors
// (execa, src/collect) stay off the paths of --help, check, show, convert and gen.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKER_MIN_BYTES } from '../../src/cli/run-check.js';
import { loadedModules } from '../helpers/cli-load-log.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// record's declaration reads its default --nice from here (node:os and an error class only).
const RECORD_DEFAULTS = 'dist/collect/priority.js';

const dashboardOrCollector = (name: string): boolean =>
  ['ink', 'react', 'execa'].includes(name) || name.startsWith('dist/ui/') ||
  (name.startsWith('dist/collect/') && name !== RECORD_DEFAULTS);

describe('faultline start-up', () => {
  it.each([
    // Under the default policy (mainline) s1-aa is a coherency hazard alone: exit 4.
    ['check', ['check', 'traces/s1-aa.pb'], 1],
    ['check --format json, every policy', ['check', 'traces/s2-abba-apart.pb', '--policy', 'all', '--format', 'json'], 1],
    ['show', ['show', 'traces/s1-aa.pb', '--events'], 0],
    ['convert', ['convert', 'traces/s1-aa.pb', '-o', join(dir, 's1.jsonl')], 0],
    ['gen', ['gen', '--events', '2000', '-o', join(dir, 'gen.pb')], 0],
  ])('%s loads neither the dashboard nor the collectors', async (_name, args, exitCode) => {
    const run = await loadedModules(['bin/faultline.js', ...args]);
    expect(run.exitCode, run.stderr).toBe(exitCode);
    expect(run.modules).toContain('dist/cli/main.js');
    expect(run.modules.filter(dashboardOrCollector)).toEqual([]);
  });

  it('--help loads the command line and its option defaults, and no command body', async () => {
    const run = await loadedModules(['bin/faultline.js', '--help']);
    expect(run.exitCode).toBe(0);
    const ours = run.modules.filter((name) => name.startsWith('dist/'));
    // In whatever order the imports resolve.
    expect(ours.filter((name) => !name.startsWith('dist/cli/')).sort()).toEqual(
      ['dist/gen/gen-options.js', RECORD_DEFAULTS, 'dist/trace/errors.js', 'dist/trace/printable-text.js'].filter((name) => ours.includes(name)).sort());
    expect(ours.filter((name) => /^dist\/cli\/run-(check|show|convert|gen|record|watch)\.js$/.test(name))).toEqual([]);
    expect(run.modules.filter((name) => !name.startsWith('dist/') && !name.startsWith('bin/') && !name.startsWith('node:'))).toEqual(['commander']);
  });

  it('check decodes a .pb file of WORKER_MIN_BYTES or more in a worker thread, a smaller one on its own', async () => {
    const big = join(dir, 'big.pb');
    const gen = await loadedModules(['bin/faultline.js', 'gen', '--events', String(Math.ceil(WORKER_MIN_BYTES / 20)), '-o', big]);
    expect(gen.exitCode, gen.stderr).toBe(0);
    expect(statSync(big).size).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const large = await loadedModules(['bin/faultline.js', 'check', big]);
    const small = await loadedModules(['bin/faultline.js', 'check', 'traces/s1-aa.pb']);
    expect([large.exitCode, small.exitCode]).toEqual([1, 1]);
    expect(large.modules).toContain('dist/input/decode-worker.js');
    expect(small.modules).not.toContain('dist/input/decode-worker.js');
  });

  it('record loads the collectors once its action runs (the hooks see a lazy import)', async () => {
    const run = await loadedModules(['bin/faultline.js', 'record', '--collector', 'dtrace', '-o', join(dir, 'r.pb')]);
    expect(run.exitCode).toBe(2);
    expect(run.modules).toContain('dist/cli/run-record.js');
    expect(run.modules).toContain('execa');
  });

  it('watch of a file without a terminal prints status lines, loading neither Ink, React nor execa', async () => {
    const run = await loadedModules(['bin/faultline.js', 'watch', 'traces/s1-aa.pb', '--speed', 'max', '--policy', 'naive']);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.modules).toContain('dist/cli/run-watch.js');
    expect(run.modules.filter((name) => ['ink', 'react', 'execa', 'dist/ui/watch-app.js'].includes(name))).toEqual([]);
  });

  it('the hooks see Ink and React when something imports them', async () => {
    const run = await loadedModules(['--input-type=module', '-e', "await import('ink');"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.modules).toEqual(expect.arrayContaining(['ink', 'react']));
  });
});
