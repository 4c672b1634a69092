import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-conv-'));

describe('command-line conventions', () => {
  it.each([
    [['chek', 'x.pb'], "faultline: unknown command 'chek'", 'hint: Did you mean check? see faultline --help'],
    [['check', 'x.pb', '--polcy', 'fdm'], "faultline: unknown option '--polcy'", 'hint: Did you mean --policy? see faultline check --help'],
    [['export', 'x.pb'], "faultline: required option '--to <format>' not specified", 'hint: see faultline export --help'],
    [['show'], "faultline: missing required argument 'trace'", 'hint: see faultline show --help'],
  ])('a usage error is one line and a hint: %j', async (args, line, hint) => {
    const result = await faultline(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([line, hint]);
  });

  it('-o writes check and show to a file, and show --format json is one object', async () => {
    const report = join(dir, 'report.txt');
    const check = await faultline(['check', 'traces/s2-abba-apart.pb', '--policy', 'fdm', '-o', report]);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toBe('');
    expect(readFileSync(report, 'utf8')).toContain('possible circular locking dependency detected');
    const summary = join(dir, 'summary.json');
    expect((await faultline(['show', 'traces/s2-abba-apart.pb', '--format', 'json', '-o', summary])).exitCode).toBe(0);
    const json = JSON.parse(readFileSync(summary, 'utf8'));
    expect(json).toMatchObject({ events: 13, lost: 0, kinds: { task: 3, pagecache: 2 } });
    expect(json.tasks.map((t: { tid: number }) => t.tid)).toEqual([200, 201, 202]);
    const lines = (await faultline(['show', 'traces/s2-abba-apart.pb', '--format', 'json', '--events'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(14);
    expect(lines[13].events).toBe(13);
  });

  it('watch takes the options of record with --live only, -p among them', async () => {
    const result = await faultline(['watch', 'traces/s1-aa.pb', '-p', '1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe('faultline: --pid: only with --live');
    const help = (await faultline(['watch', '--help'])).stdout;
    for (const flag of ['--duration', '--stacks', '--nice', '-p, --pid', '--comm', '--collector', '-o, --output']) expect(help).toContain(flag);
    expect((await faultline(['record', '--help'])).stdout).toContain('-p, --pid');
  });

  it('completion scripts name every command and parse in their shell', async () => {
    const bash = await faultline(['completion', 'bash']);
    expect(bash.exitCode).toBe(0);
    for (const command of ['check', 'show', 'export', 'watch', 'record']) expect(bash.stdout).toContain(command);
    expect((await execa('bash', ['-n'], { input: bash.stdout, reject: false })).exitCode).toBe(0);
    // Completing "faultline ex" offers export.
    const offered = await execa('bash', ['-c', `${bash.stdout}\nCOMP_WORDS=(faultline ex); COMP_CWORD=1; _faultline; echo "\${COMPREPLY[@]}"`]);
    expect(offered.stdout.trim()).toBe('export');
    const zsh = await faultline(['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef faultline')).toBe(true);
    expect((await faultline(['completion', 'fish'])).exitCode).toBe(2);
  });
});
