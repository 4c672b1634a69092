// The record command's options and checks, through the built CLI (bin/faultline.js → dist/).
import { describe, expect, it } from 'vitest';
import { defaultOutput, formatSummaryLine } from '../../src/cli/run-record.js';
import { faultline } from '../helpers/record-cli.js';

describe('faultline record', () => {
  it.each([
    [['--collector', 'dtrace'], /--collector: expected one of ftrace, bpftrace, pthread, got "dtrace"/],
    [['--collector', 'ftrace', '--collector', 'bpftrace'], /expected ftrace or bpftrace .* got both/],
    [['--pid', '12ab'], /--pid: expected a process id/],
    [['--pid', '999999999'], /--pid: expected a running process/],
    [['--pid', '1,2,3,4,5,6,7,8,9,10'], /--pid: expected (at most 8 processes|a running process)/],
    [['--comm', 'a b'], /--comm: expected 1-15 characters/],
    [['--comm', 'x', '--pid', '1'], /expected one target/],
    [['--duration', 'soon'], /--duration: expected a positive number of seconds/],
    [['--', '/no/such/program'], /expected an executable command after --/],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const run = await faultline(['record', '-o', '/dev/null', ...args]);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toMatch(message);
    expect(String(run.stderr).trim().split('\n')).toHaveLength(1);
  });

  it('says in --help that ftrace is the default collector', async () => {
    const run = await faultline(['record', '--help']);
    expect(String(run.stdout)).toMatch(/repeatable \(default: ftrace\)/);
    expect(String(run.stdout)).not.toMatch(/default: \[\]/);
  });

  it('tells a user who is not root to use sudo (exit 2)', async () => {
    const run = await faultline(['record', '-o', '/dev/null', '--duration', '1'], { uid: 65534, gid: 65534 });
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toMatch(/^faultline: expected to run as root, got uid 65534; run faultline record with sudo$/);
  });

  it('refuses an output it cannot write before attaching anything', async () => {
    const run = await faultline(['record', '-o', '/no/such/dir/x.pb', '--', 'true']);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toMatch(/-o: expected a writable file, got \/no\/such\/dir\/x.pb/);
  });

  it('has --help with the options and an example', async () => {
    const run = await faultline(['record', '--help']);
    expect(run.exitCode).toBe(0);
    for (const text of ['--collector', '--pid', '--comm', '--duration', '--stacks', '--output', 'sudo faultline record --collector ftrace -o ab.pb -- ./ab']) {
      expect(String(run.stdout)).toContain(text);
    }
  });

  it('names the default output after the local time', () => {
    expect(defaultOutput(new Date(2026, 0, 2, 3, 4, 5))).toBe('faultline-20260102-030405.pb');
  });

  it.each([
    [{ events: 10, lost: 0, missing: [] }, '-', 'faultline: recorded 10 events (0 lost) to stdout'],
    [{ events: 10, lost: 2, missing: [], commandExit: 0 }, 'a.pb', 'faultline: recorded 10 events (2 lost) to a.pb; command exited with status 0'],
    [{ events: 1, lost: 0, missing: [], commandExit: 'SIGTERM', unreadable: 3 }, 'a.pb',
      'faultline: recorded 1 events (0 lost) to a.pb; 3 unreadable collector lines skipped; command killed by SIGTERM'],
    [{ events: 5, lost: 0, missing: [], fileOpsUnrecorded: 2, commandExit: 0 }, 'a.pb',
      'faultline: recorded 5 events (0 lost) to a.pb; 2 file operations not recorded (fd not named); command exited with status 0'],
  ])('sums up %j as one line', (summary, output, line) => {
    expect(formatSummaryLine(summary, output)).toBe(line);
  });
});
