// `faultline record` for real, as root: the CLI records each reproducer under each kernel
// collector it suits, on ext4 and on an XFS loop mount, and `check` gives docs/design.md §6's verdicts
// for every policy; the pthread collector finds pthread-abba's inversion and nothing in
// pthread-ordered; SIGINT, --duration and SIGKILL leave a readable trace and no tracefs state;
// --stacks shows both sites of s2-abba's edges, symbolized, also where the binary never was.
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultPromise } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import type { JsonReport } from '../../src/report/format-json-report.js';
import { describeLive } from '../helpers/live-requirements.js';
import { mountScratchXfs, scratchDir, type ScratchFs } from '../helpers/live-xfs.js';
import {
  buildRecordReproducer, faultline, instancesOf, removeReproducer, verdicts,
} from '../helpers/record-cli.js';

type Fs = 'ext4' | 'xfs';
type Scenario = 's1-aa' | 's2-abba' | 's3-ring';

// docs/design.md §6 per scenario: naive, fdm, fdm-ordered, mainline.
const EXPECTED: Readonly<Record<Scenario, Readonly<Record<string, string>>>> = {
  's1-aa': { naive: 'aa', fdm: 'none', 'fdm-ordered': 'none', mainline: 'coherency' },
  's2-abba': { naive: 'cycle', fdm: 'cycle', 'fdm-ordered': 'none', mainline: 'none' },
  's3-ring': { naive: 'cycle', fdm: 'cycle', 'fdm-ordered': 'none', mainline: 'none' },
};

// The full matrix on ftrace; a subset on bpftrace (about 9 s a run: kernel.bt attaches slowly).
const CASES: readonly (readonly [string, Scenario, readonly string[], Fs])[] = [
  ...(['ext4', 'xfs'] as const).flatMap((fs) => [
    ['ftrace', 's1-aa', [], fs] as const,
    ['ftrace', 's2-abba', [], fs] as const,
    ['ftrace', 's2-abba', ['procs'], fs] as const,
    ['ftrace', 's3-ring', [], fs] as const,
  ]),
  ['bpftrace', 's2-abba', [], 'ext4'],
  ['bpftrace', 's1-aa', [], 'xfs'],
];

// The reproducer's threads: t1 (line 12) writes a from mmap(b), t2 (line 13) b from mmap(a).
const USER_FRAME = /\bt([12])\+0x[0-9a-f]+ \(s2-abba\.c:(\d+)\)/g;
// The line of each thread's O_DIRECT write in s2-abba.c's one-shot form.
const WRITE_LINE: Readonly<Record<string, number>> = { 1: 21, 2: 31 };
// The DIO write path of each filesystem, as the kernel's own symbols name it.
const WRITE_PATH: Readonly<Record<Fs, RegExp>> = {
  xfs: /\bxfs_file_dio_write[\w.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/,
  ext4: /\bext4_(?:dio_write_iter|file_write_iter)\+0x[0-9a-f]+\/0x[0-9a-f]+/,
};

describeLive('faultline record', ['gcc', 'bpftrace', 'mkfs.xfs', 'mount', 'addr2line'], () => {
  const fs: Partial<Record<Fs, ScratchFs>> = {};
  const binaries = new Map<string, string>();
  let globalEvents: string;
  beforeAll(async () => {
    globalEvents = await readFile('/sys/kernel/tracing/set_event', 'utf8');
    fs.ext4 = await scratchDir();
    fs.xfs = await mountScratchXfs();
    for (const name of ['s1-aa', 's2-abba', 's3-ring', 'pthread-abba', 'pthread-ordered', 'dio-loop']) {
      binaries.set(name, await buildRecordReproducer(name));
    }
  });
  afterAll(async () => {
    await fs.ext4?.dispose();
    await fs.xfs?.dispose();
    for (const binary of binaries.values()) await removeReproducer(binary);
    // Only instances were touched: the global event list is as it was.
    expect(await readFile('/sys/kernel/tracing/set_event', 'utf8')).toBe(globalEvents);
  });

  it.each(CASES)('%s records %s %j on %s with the verdicts of docs/design.md §6 for every policy', async (collector, scenario, args, kind) => {
    const dir = join(fs[kind]!.dir, `${collector}-${scenario}${args.join('')}`);
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const child = faultline(['record', '--collector', collector, '-o', trace, '--', binaries.get(scenario)!, dir, ...args]);
    const run = await child;
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stderr)).toMatch(/recorded \d+ events \(0 lost\) to .*; command exited with status 0/);
    expect(await instancesOf(child.pid!)).toEqual([]);
    expect(await verdicts(trace)).toEqual(EXPECTED[scenario]);
  });

  it('records mapping events, and every DIO write with its user buffer, with the ftrace collector', async () => {
    const dir = join(fs.ext4!.dir, 'mappings');
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    await faultline(['record', '-o', trace, '--', binaries.get('s2-abba')!, dir]);
    const input = await openInput(trace);
    const dios = [];
    const mapped = new Map<string, bigint>();
    for await (const batch of input.batches()) {
      for (const e of batch) {
        if (e.kind === 'dioBegin') dios.push(e.dioBegin);
        if (e.kind === 'mapping') mapped.set(`${e.mapping.dev}:${e.mapping.ino}`, e.mapping.start);
      }
    }
    const a = await stat(join(dir, 'a'));
    const b = await stat(join(dir, 'b'));
    expect(input.info.header?.collector).toBe('ftrace');
    expect(input.info.header?.meta.target).toMatch(/^command .*s2-abba/);
    expect(dios.filter((d) => d.write && d.buf !== 0n && (d.ino === a.ino || d.ino === b.ino))).toHaveLength(2);
    // Both source buffers are mappings of the other file.
    expect([...mapped.keys()].filter((k) => k.endsWith(`:${a.ino}`) || k.endsWith(`:${b.ino}`))).toHaveLength(2);
  });

  it.each([
    ['pthread-abba', 'cycle'],
    ['pthread-ordered', 'none'],
  ])('the pthread collector (with ftrace) reports %s as %s', async (name, verdict) => {
    const trace = join(fs.ext4!.dir, `${name}.pb`);
    const run = await faultline(['record', '--collector', 'pthread', '--collector', 'ftrace', '-o', trace, '--', binaries.get(name)!]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stdout)).toMatch(/^tid1 \d+ tid2 \d+/);
    const found = await verdicts(trace);
    expect(found.fdm).toBe(verdict);
    expect(found.naive).toBe(verdict);
  });

  it('SIGINT ends the recording cleanly: exit 0, the command stopped, a complete trace, no instance left', async () => {
    const dir = join(fs.ext4!.dir, 'sigint');
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const child = faultline(['record', '-o', trace, '--', binaries.get('dio-loop')!, dir, '100000000']);
    await waitForHeader(trace, child);
    await sleep(500);
    child.kill('SIGINT');
    const run = await child;
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stderr)).toMatch(/command killed by SIGTERM/);
    const show = await faultline(['show', trace]);
    expect(show.exitCode).toBe(0);
    expect(String(show.stdout)).toMatch(/\(pb, complete/);
    expect(String(show.stdout)).toMatch(/dioBegin\s+[1-9]/);
    expect(await instancesOf(child.pid!)).toEqual([]);
  });

  it('records at --nice (default: unchanged) while the command keeps its own priority', async () => {
    const dir = join(fs.ext4!.dir, 'nice');
    await mkdir(dir);
    // The command prints its own nice value and its parent's (faultline's): field 19 of stat.
    const script = 'cut -d" " -f19 /proc/$$/stat; cut -d" " -f19 /proc/$PPID/stat';
    for (const [args, recorder] of [[[], '0'], [['--nice', '10'], '10']] as const) {
      const run = await faultline(['record', ...args, '-o', join(dir, `${recorder}.pb`), '--', 'sh', '-c', script]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      expect(String(run.stdout).trim().split('\n')).toEqual(['0', recorder]);
    }
    const bad = await faultline(['record', '--nice', '25', '-o', join(dir, 'bad.pb'), '--', 'true']);
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stderr)).toMatch(/--nice: expected an integer from 0 to 19, got 25/);
  });

  it('--duration ends the recording by itself', async () => {
    const dir = join(fs.ext4!.dir, 'duration');
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const started = Date.now();
    const run = await faultline(['record', '--duration', '0.5', '-o', trace, '--', binaries.get('dio-loop')!, dir, '100000000']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(String((await faultline(['show', trace])).stdout)).toMatch(/\(pb, complete/);
  });

  it('a recording killed with SIGKILL is readable up to its last batch and reported incomplete', async () => {
    const dir = join(fs.ext4!.dir, 'sigkill');
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const child = faultline(['record', '-o', trace, '--', binaries.get('dio-loop')!, dir, '100000000']);
    await waitForHeader(trace, child);
    await sleep(1000);
    const header = (await openInput(trace)).info.header;
    const loopPid = Number(/\(pid (\d+)\)/.exec(header?.meta.target ?? '')?.[1]);
    child.kill('SIGKILL');
    process.kill(loopPid, 'SIGKILL'); // the orphaned command holds the CLI's stdout open
    await child;
    const show = await faultline(['show', trace]);
    expect(show.exitCode).toBe(0);
    expect(String(show.stdout)).toMatch(/incomplete/);
    expect(String(show.stdout)).toMatch(/dioBegin\s+[1-9]/);
    // The next recording removes the instance the killed one left.
    expect(await instancesOf(child.pid!)).toHaveLength(1);
    await faultline(['record', '--duration', '0.2', '-o', join(dir, 'next.pb'), '--', 'true']);
    expect(await instancesOf(child.pid!)).toEqual([]);
  });

  it.each([['ftrace', 'xfs'], ['bpftrace', 'ext4']] as const)('%s on %s: both sites of each edge, symbolized, anywhere', async (collector, kind) => {
    const binary = await buildRecordReproducer('s2-abba');
    const dir = join(fs[kind]!.dir, `stacks-${collector}`);
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    // The program stays a second after its work: its maps are read while it lives, however
    // loaded the machine (a program that exits first keeps its user frames as addresses).
    const run = await faultline(['record', '--collector', collector, '--stacks', '-o', trace, '--', binary, dir], { env: { LINGER_MS: '1000' } });
    expect(run.exitCode, String(run.stderr)).toBe(0);

    const check = await faultline(['check', trace, '--policy', 'naive']);
    expect(check.exitCode, String(check.stderr)).toBe(1);
    const text = String(check.stdout);
    // The path is followed by the dev:ino, on the same line or (a long path) wrapped to the next.
    const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const file of ['a', 'b']) expect(text).toMatch(new RegExp(`pagecache\\(${escaped(join(dir, file))}\\s+\\d+:\\d+:\\d+\\)`));
    // The two "-> #k" blocks: each shows the requesting and the holding site, user and kernel.
    const blocks = text.split('\n-> #').slice(1).map((b) => b.split('\n\n')[0]);
    expect(blocks).toHaveLength(2);
    const threads = new Set<string>();
    for (const block of blocks) {
      expect(block.match(new RegExp(WRITE_PATH[kind], 'g'))?.length, block).toBe(2);
      expect(block).toMatch(/\biomap_dio_rw\+0x/);
      if (collector === 'bpftrace') continue; // kernel.bt records kernel stacks only
      const users = [...block.matchAll(USER_FRAME)];
      expect(users.length, block).toBe(2);
      // One thread per edge, its own line: t1 at 21, t2 at 31.
      expect(new Set(users.map((m) => `${m[1]}:${m[2]}`)).size, block).toBe(1);
      expect(Number(users[0][2]), block).toBe(WRITE_LINE[users[0][1]]);
      threads.add(users[0][1]);
    }
    if (collector === 'ftrace') expect([...threads].sort()).toEqual(['1', '2']);

    const json = JSON.parse(String((await faultline(['check', trace, '--policy', 'naive', '--format', 'json'])).stdout)) as JsonReport;
    const edges = json.findings.flatMap((f) => f.edges);
    expect(edges.length).toBeGreaterThanOrEqual(2);
    for (const edge of edges) {
      expect([edge.held.path, edge.requested.path].sort()).toEqual([join(dir, 'a'), join(dir, 'b')]);
      for (const site of [edge.heldAt, edge.requestedAt]) {
        const user = site.stack?.find((f) => f.file?.endsWith('s2-abba.c') === true);
        if (collector === 'ftrace') expect(user?.symbol).toMatch(/^t[12]$/);
        if (collector === 'ftrace') expect(user?.line).toBeGreaterThan(0);
        expect(site.stack?.some((f) => f.symbol === 'iomap_dio_rw' && f.addr.startsWith('0xffff'))).toBe(true);
      }
    }

    // Elsewhere, with the binary gone: the same report but for its header (the file's name).
    const elsewhere = await mkdtemp('/tmp/faultline-elsewhere-');
    await copyFile(trace, join(elsewhere, 'copy.pb'));
    await rename(binary, `${binary}.gone`);
    const again = await faultline(['check', 'copy.pb', '--policy', 'naive'], { cwd: elsewhere });
    const body = (report: string): string => report.slice(report.indexOf('\n\n'));
    expect(body(String(again.stdout))).toBe(body(text));
    await rename(`${binary}.gone`, binary);
    await removeReproducer(binary);
    await rm(elsewhere, { recursive: true, force: true });
  });
});

// Resolves once the trace has its header (written once every probe is attached).
async function waitForHeader(trace: string, child: ResultPromise): Promise<void> {
  let exited = false;
  void child.then((r) => (exited = r.exitCode !== undefined || r.signal !== undefined));
  for (let i = 0; i < 1200; i++) {
    if (exited) throw new Error(`record exited before its header: ${String((await child).stderr)}`);
    const size = await stat(trace).then((s) => s.size, () => 0);
    if (size > 8) return;
    await sleep(50);
  }
  throw new Error(`${trace}: no header after 60 s`);
}
