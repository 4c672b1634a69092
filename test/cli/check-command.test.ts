import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';
import { assertValidReport } from '../helpers/report-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('faultline check', () => {
  it.each([
    ['traces/s1-aa.pb', 'naive', 1, 'possible recursive locking detected'],
    ['traces/s1-aa.pb', 'fdm', 0, 'no deadlocks found'],
    ['traces/s2-abba-apart.pb', 'fdm', 1, 'possible circular locking dependency detected'],
    ['traces/s2-abba-apart.pb', 'fdm-ordered', 0, 'no deadlocks found'],
    ['traces/rapid-abba.std', 'naive', 1, '*** DEADLOCK ***'],
  ])('checks %s under %s: exit %i, saying "%s"', async (trace, policy, code, text) => {
    const result = await faultline(['check', trace, '--policy', policy]);
    expect(result.exitCode).toBe(code);
    expect(result.stdout).toContain(text);
  });

  it('prints the JSON report of the contract', async () => {
    const result = await faultline(['check', 'traces/s2-abba-apart.pb', '--policy', 'fdm', '--format', 'json']);
    const report = assertValidReport(JSON.parse(result.stdout));
    expect(Object.keys(report)).toEqual(['policy', 'semantics', 'input', 'findings']);
    expect(report.input).toMatchObject({ format: 'pb', events: 13, lost: 0, complete: true });
    expect(report.findings[0]).toMatchObject({
      kind: 'order-inversion',
      locks: [{ cls: 'pagecache', mode: 'BLOCK' }, { cls: 'pagecache', mode: 'BLOCK' }],
      tasks: [{ tid: 201, comm: 's2' }, { tid: 202, comm: 's2' }],
      count: 1,
    });
    expect(typeof report.findings[0].events[0].ts).toBe('string');
  });

  it('prints one JSON object holding every policy report, or with jsonl one report per line', async () => {
    const expected = [['naive', ['aa']], ['fdm', []], ['fdm-ordered', []], ['mainline', ['coherency']]];
    const kinds = (r: { policy: string; findings: readonly { kind: string }[] }) => [r.policy, r.findings.map((f) => f.kind)];
    const json = await faultline(['check', 'traces/s1-aa.pb', '--policy', 'all', '--format', 'json']);
    const { reports } = JSON.parse(json.stdout);
    reports.forEach(assertValidReport);
    expect(reports.map(kinds)).toEqual(expected);
    const jsonl = await faultline(['check', 'traces/s1-aa.pb', '--policy', 'all', '--format', 'jsonl']);
    expect(jsonl.stdout.trim().split('\n').map((l) => kinds(assertValidReport(JSON.parse(l))))).toEqual(expected);
  });

  it('reads a trace from stdin', async () => {
    const result = await faultline(['check', '-', '--policy', 'naive'], readFileSync('traces/s1-aa.pb'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('possible recursive locking detected');
  });

  it('gives the same reports for a .pb file (decoded in a worker thread) as for its bytes on stdin', async () => {
    const generated = join(dir, 'generated.pb.gz');
    expect((await faultline(['gen', '--events', '60000', '--dio', '--batch', '1000', '-o', generated])).exitCode).toBe(0);
    for (const trace of ['traces/s3-ring.pb', 'traces/s4-buffered.pb', generated]) {
      const args = ['--policy', 'all', '--format', 'jsonl'];
      const fromFile = await faultline(['check', trace, ...args]);
      const fromStdin = await faultline(['check', '-', ...args], readFileSync(trace));
      expect(fromFile.exitCode).toBe(fromStdin.exitCode);
      const reports = (out: string) => out.trim().split('\n').map((line) => {
        const report = assertValidReport(JSON.parse(line));
        return { ...report, input: { ...report.input, file: undefined } };
      });
      expect(reports(String(fromFile.stdout))).toEqual(reports(String(fromStdin.stdout)));
    }
  });

  it('reports a damaged .pb file read in the worker thread with one line and exit 2', async () => {
    const damaged = file('damaged.pb', Buffer.concat([Buffer.from('FLTRACE1'), Buffer.alloc(64, 0xff)]));
    const result = await faultline(['check', damaged]);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr).trim().split('\n')).toHaveLength(1);
    expect(String(result.stderr)).toContain(damaged);
  });

  it('checks a trace cut in the middle, warning that it is incomplete', async () => {
    // 5 batches of lock events (task 1 takes A then B, 5000 times), cut in half.
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      for (const [op, lock] of [['ACQUIRE', 1], ['ACQUIRE', 2], ['RELEASE', 2], ['RELEASE', 1]] as const) {
        lines.push(JSON.stringify({ ts: String(lines.length + 1), tid: 1, pid: 1, lock: { op, lock: String(lock) } }));
      }
    }
    const pb = join(dir, 'long.pb');
    expect((await faultline(['convert', file('long.jsonl', lines.join('\n')), '-o', pb])).exitCode).toBe(0);
    const whole = readFileSync(pb);
    const cut = file('cut.pb', whole.subarray(0, Math.floor(whole.length / 2)));
    const result = await faultline(['check', cut, '--policy', 'naive']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/incomplete/);
    const json = JSON.parse((await faultline(['check', cut, '--format', 'json'])).stdout);
    expect(json.input.complete).toBe(false);
    expect(json.input.events % 4096).toBe(0); // whole batches only
    expect(json.input.events).toBeGreaterThan(0);
    expect(json.input.events).toBeLessThan(20000);
  });

  it('reads what it can of a jsonl file with bad lines, and says which', async () => {
    const good = readFileSync('traces/s1-aa.jsonl', 'utf8').split('\n');
    const path = file('some-bad.jsonl', [good[0], '{"ts": "x"', good.slice(1).join('\n')].join('\n'));
    const result = await faultline(['check', path, '--policy', 'naive']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/1 line.* skipped/);
    expect(result.stdout).toMatch(/line 2/);
  });

  const bad: readonly (readonly [string, () => string, RegExp])[] = [
    ['random bytes', () => file('random.bin', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256))), /unrecognised format/],
    ['an empty file', () => file('empty.pb', ''), /empty/],
    ['a wrong magic', () => file('magic.pb', 'FLTRACE9\n\u0001\u0002\u0003'), /unrecognised format|magic/],
    ['a directory', () => { const d = join(dir, 'a-dir'); mkdirSync(d, { recursive: true }); return d; }, /is a directory/],
    ['a missing file', () => join(dir, 'missing.pb'), /no such file/],
    ['malformed jsonl', () => file('bad.jsonl', '{"ts": 1, "tid": \n{nope}\n'), /no events could be read/],
  ];
  it.each(bad)('exits 2 with one line naming the file for %s', async (_what, make, message) => {
    const path = make();
    const result = await faultline(['check', path]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['check', 'traces/s1-aa.pb', '--policy', 'nope'], /--policy: expected one of/],
    [['check', 'traces/s1-aa.pb', '--semantics', 'nope'], /--semantics/],
    [['check'], /missing required argument/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const result = await faultline(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('faultline check: semantics', () => {
  it.each([
    [[], 1, 'instance', ['gate-lock']],
    [['--semantics', 'instance'], 1, 'instance', ['gate-lock']],
    [['--semantics', 'predictive'], 0, 'predictive', []],
    [['--semantics', 'lockdep'], 1, 'lockdep', [undefined]],
  ])('gate-abba with %j: exit %i, semantics %s, qualifications %j', async (args, code, semantics, qualifications) => {
    const result = await faultline(['check', 'traces/gate-abba.pb', '--policy', 'naive', '--format', 'json', ...args]);
    expect(result.exitCode).toBe(code);
    const report = JSON.parse(result.stdout);
    expect(report.semantics).toBe(semantics);
    expect(report.findings.map((f: { qualification?: string }) => f.qualification)).toEqual(qualifications);
  });

  it('names the qualification and the gate in the text report', async () => {
    const result = await faultline(['check', 'traces/gate-abba.pb', '--policy', 'naive']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('semantics instance');
    expect(result.stdout).toMatch(/qualification: gate-lock: every task holds gate big_lock\(\S+\)\s+exclusively/);
  });
});
