import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';
import { buildDistIfStale } from '../helpers/watch-build.js';

const STATUS = /^events (\d+) \(.+\/s\) lost 0 tasks \d+ locks \d+ edges \d+ findings (\d+)$/;

beforeAll(() => buildDistIfStale());

// stdout is a pipe here: watch prints plain lines instead of the dashboard.
describe('faultline watch without a terminal', () => {
  it('prints status lines, the finding as it appears and a summary, and exits 1 on findings', async () => {
    const result = await faultline(['watch', 'traces/s2-abba-apart.pb', '--policy', 'fdm']);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const status = lines.filter((l) => STATUS.test(l));
    expect(status.length).toBeGreaterThanOrEqual(1);
    const final = STATUS.exec(status[status.length - 1]);
    const check = JSON.parse((await faultline(['check', 'traces/s2-abba-apart.pb', '--policy', 'fdm', '--format', 'json'])).stdout);
    expect(Number(final?.[1])).toBe(check.input.events);
    expect(Number(final?.[2])).toBe(1);
    const findingLines = lines.filter((l) => l.startsWith('order-inversion'));
    expect(findingLines).toEqual(['order-inversion  pagecache(254:0:12) block → pagecache(254:0:13) add  [s2/201, s2/202]']);
    expect(lines.indexOf(findingLines[0])).toBeLessThan(lines.lastIndexOf(status[status.length - 1]));
    expect(lines[lines.length - 1]).toBe('policy fdm, semantics instance: 1 finding (order-inversion: 1)');
  });

  it.each([
    { trace: 'traces/s2-abba-overlap.pb', policy: 'fdm-ordered', exitCode: 0, last: 'policy fdm-ordered, semantics instance: no deadlocks found' },
    { trace: 'traces/s1-aa.pb', policy: 'naive', exitCode: 1, last: 'policy naive, semantics instance: 1 finding (aa: 1)' },
    { trace: 'traces/s1-aa.jsonl', policy: 'mainline', exitCode: 1, last: 'policy mainline, semantics instance: 1 finding (coherency: 1)' },
  ])('exits as check does: $trace under $policy', async ({ trace, policy, exitCode, last }) => {
    const result = await faultline(['watch', trace, '--policy', policy, '--speed', 'max']);
    expect(result.exitCode).toBe(exitCode);
    expect(result.stdout.trimEnd().split('\n').pop()).toBe(last);
  });

  // The capture's threads share an mm: with --mmap-lock, fdm-ordered finds a cycle through mmap_lock.
  it.each([[], ['--mmap-lock']])('replays as check does, options included: %j', async (...extra: string[]) => {
    const trace = 'test/fixtures/ftrace/s2-abba-full-ext4.txt';
    const args = [trace, '--policy', 'fdm-ordered', '--semantics', 'predictive', ...extra];
    const watched = await faultline(['watch', ...args, '--speed', 'max']);
    const checked = JSON.parse((await faultline(['check', ...args, '--format', 'json'])).stdout);
    const kinds = checked.findings.map((f: { kind: string }) => f.kind);
    expect(kinds).toEqual(extra.length === 0 ? [] : ['order-inversion']);
    const lines = watched.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^(?:aa|wait-cycle|order-inversion)\b/.test(l)).map((l) => l.split(' ')[0])).toEqual(kinds);
    expect(Number(STATUS.exec(lines[lines.length - 2])?.[2])).toBe(kinds.length);
    expect(watched.exitCode).toBe(kinds.length === 0 ? 0 : 1);
  });

  it('reads a trace from stdin', async () => {
    const result = await faultline(['watch', '-', '--policy', 'naive'], readFileSync('traces/s2-abba-overlap.pb'));
    expect(result.exitCode).toBe(1);
    // One finding per cycle: the wait-cycle, also an order inversion.
    expect(result.stdout).toContain('wait-cycle (also order-inversion)  ');
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('policy naive, semantics instance: 1 finding (wait-cycle: 1)');
  });

  it.each([
    { args: ['watch', 'traces/no-such.pb'], message: 'traces/no-such.pb: no such file' },
    { args: ['watch', 'traces/README.md'], message: 'traces/README.md' },
    { args: ['watch'], message: 'expected a trace file, - for stdin, or --live' },
    { args: ['watch', 'traces/s1-aa.pb', '--speed', '0'], message: '--speed: expected a number above 0' },
    { args: ['watch', 'traces/s1-aa.pb', '--speed', '2048'], message: '--speed: expected a number above 0' },
    { args: ['watch', 'traces/s1-aa.pb', '--policy', 'all'], message: '--policy: expected one policy' },
    { args: ['watch', '--live', '-o', '-'], message: '-o: watch shows the recording on stdout' },
  ])('exits 2 with one line for bad input or usage: $args', async ({ args, message }) => {
    const result = await faultline(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
