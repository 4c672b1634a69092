// The exit contract against hostile inputs and outputs, through the real command line: exit 0/1
// with the right findings for a valid trace, exit 2 and one line on stderr for a bad one, in
// seconds and under a 2 GiB address cap; no output lost without exit 2; no escape reaches the
// terminal; an interrupted convert or gen leaves no partial file.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';
import { behindBlankLines, jsonlWithComm, lyingRecordsGz, zerosAfterHeaderGz } from '../helpers/hostile-traces.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

// faultline under a 2 GiB address-space cap, as a CI runner with little memory would run it.
async function capped(args: readonly string[], env: Record<string, string> = {}) {
  const result = await execa('prlimit', ['--as=2147483648', 'node', 'bin/faultline.js', ...args], { reject: false, env, timeout: 60_000 });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

// Exit 2 and exactly one line on stderr, no stack frame and no Node warning.
function expectOneLineFailure(result: { exitCode: number; stderr: string }, message: RegExp): void {
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |Warning|internal error/);
}

describe('faultline against hostile traces', () => {
  it('rejects a .pb.gz whose records each claim 256 MiB in one line, under a 2 GiB cap', async () => {
    const path = file('lying.pb.gz', lyingRecordsGz(16));
    expectOneLineFailure(await capped(['check', path]), /lying\.pb\.gz: no events could be read .*record of 268435456 bytes starts with byte 0x00/);
  });

  it('stops reading a header followed by 10 GiB of zeros after a bounded run of empty records', async () => {
    const path = file('zeros.pb.gz', zerosAfterHeaderGz(10));
    const started = Date.now();
    expectOneLineFailure(await capped(['check', path]), /zeros\.pb\.gz: no events could be read \(1024 records skipped/);
    // Minutes before; a bound this loose holds on a loaded machine.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('reads a jsonl trace that opens with a million blank lines, with the findings of the trace itself', async () => {
    const path = file('blank.jsonl', behindBlankLines('traces/s1-aa.jsonl', 1_000_000));
    const [blank, plain] = await Promise.all([capped(['check', path, '--format', 'json']), faultline(['check', 'traces/s1-aa.jsonl', '--format', 'json'])]);
    expect(blank.exitCode, blank.stderr).toBe(plain.exitCode);
    expect(JSON.parse(blank.stdout).findings).toEqual(JSON.parse(plain.stdout).findings);
  });

  it('ends a replay that runs out of heap as one line, exit 2', async () => {
    const trace = join(dir, 'many-tasks.pb');
    const gen = await faultline(['gen', '--events', '600000', '--tasks', '50000', '--locks', '20000', '--depth', '8', '-o', trace]);
    expect(gen.exitCode, gen.stderr).toBe(0);
    const result = await capped(['check', trace], { NODE_OPTIONS: '--max-old-space-size=32' });
    expectOneLineFailure(result, /many-tasks\.pb: out of memory replaying it \(heap limit \d+ MiB/);
  });
});

describe('faultline prints untrusted names safely', () => {
  const comm = '\u001b[2J\u001b[31mevil\u202e\n#';

  it.each([
    ['check', ['check']],
    ['show --events', ['show', '--events']],
  ])('%s escapes a comm that holds terminal escapes', async (_name, args) => {
    const path = file('escape.jsonl', jsonlWithComm('traces/s1-aa.jsonl', comm));
    const result = await faultline([...args, path, ...(args[0] === 'check' ? ['--policy', 'naive'] : [])]);
    expect(result.exitCode, result.stderr).toBeLessThan(2);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(result.stdout).toContain('\\x1b[2J\\x1b[31mevil\\u202e\\x0a#');
  });

  it('keeps the comm exact in the JSON report', async () => {
    const path = file('escape.jsonl', jsonlWithComm('traces/s1-aa.jsonl', comm));
    const result = await faultline(['check', path, '--policy', 'naive', '--format', 'json']);
    expect(JSON.parse(result.stdout).findings[0].tasks[0].comm).toBe(comm);
  });

  it('escapes an unknown field name in the warning lines', async () => {
    const path = file('key.jsonl', `{"ts":"1","tid":1,"\\u001b[2J":{}}\n${readFileSync('traces/s1-aa.jsonl', 'utf8')}`);
    const result = await faultline(['check', path]);
    expect(result.stdout).toContain('unknown field "\\x1b[2J"');
    expect(result.stdout).not.toContain('\u001b');
  });
});

describe('faultline never loses output silently', () => {
  it.each([
    ['check', 'check traces/s1-aa.pb'],
    ['check --format json', 'check traces/s1-aa.pb --format json'],
    ['show --events', 'show traces/s1-aa.pb --events'],
    ['convert -o -', 'convert traces/s1-aa.pb -o -'],
    ['gen -o -', 'gen --events 10000 -o -'],
  ])('%s > /dev/full is exit 2 and one line', async (_name, args) => {
    const result = await execa('sh', ['-c', `node bin/faultline.js ${args} > /dev/full`], { reject: false });
    expectOneLineFailure({ exitCode: result.exitCode ?? -1, stderr: String(result.stderr) }, /^faultline: (stdout: )?cannot write: ENOSPC|^faultline: stdout: cannot write/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('gen stopped by %s removes its partial output and says so', async (signal) => {
    const target = join(dir, `gen-${signal}.pb`);
    const child = execa('node', ['bin/faultline.js', 'gen', '--events', '200000000', '-o', target], { reject: false });
    // Wait for the partial file beside the target, then stop the writer.
    while (!readdirSync(dir).some((name) => name.startsWith('.partial-') && name.endsWith(`gen-${signal}.pb`))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(String(result.stderr).trimEnd().split('\n')).toEqual([`faultline: interrupted by ${signal}; ${target} not written, no partial output left`]);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('.partial-'))).toEqual([]);
  });

  it('convert leaves the target as it was when it fails', async () => {
    const target = file('kept.jsonl', 'old\n');
    const result = await faultline(['convert', file('bad.jsonl', '\n\nnot a trace\n'), '-o', target]);
    expect(result.exitCode).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((name) => name.startsWith('.partial-'))).toEqual([]);
  });
});
