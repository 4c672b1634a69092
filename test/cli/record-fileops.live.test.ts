// S4 and S5 (docs/design.md §6) recorded live with both kernel collectors on an XFS loop mount
// (reflink on) and on ext4: the file operations are in the trace, every policy gives the
// scenario's verdict, and the trace holds exactly the reproducer's three tasks. On ext4 S5's
// reflink fails (EOPNOTSUPP): the remap is recorded at the syscall's entry all the same, so the
// verdicts are XFS's (the policies replay the attempted remap). S5 reflinks with FICLONERANGE
// under bpftrace and with FICLONE under ftrace (which cannot read FICLONERANGE's source fd from
// user memory); under ftrace the program lingers a second with its fds and mappings open, since
// the ftrace collector names an fd's file and a mapping's through /proc when it reads the record.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import type { DioBegin, FileOp, TraceEvent } from '../../src/trace/event.js';
import { describeLive } from '../helpers/live-requirements.js';
import { mountScratchXfs, scratchDir, type ScratchFs } from '../helpers/live-xfs.js';
import { buildRecordReproducer, faultline, removeReproducer, verdicts } from '../helpers/record-cli.js';

type Fs = 'ext4' | 'xfs';
type Collector = 'bpftrace' | 'ftrace';
const CASES = (['bpftrace', 'ftrace'] as const).flatMap((collector) => (['xfs', 'ext4'] as const).map((kind) => [collector, kind] as const));

const S4 = { naive: 'none', fdm: 'none', 'fdm-ordered': 'none', mainline: 'none' };
const S5 = { naive: 'cycle', fdm: 'cycle', 'fdm-ordered': 'cycle', mainline: 'none' };
// A recording takes seconds on an idle machine, bpftrace's attach included; a loaded one can take ten times that.
const RUN_TIMEOUT_MS = 240_000;

async function eventsOf(trace: string): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  for await (const batch of (await openInput(trace)).batches()) events.push(...batch);
  return events;
}

// The file operations of task `tid` on the files of `dev`, as "OP PHASE dev:ino[<-dev2:ino2]".
function fileOpsOf(events: readonly TraceEvent[], tid: number, dev: number): string[] {
  return events.filter((e): e is TraceEvent & { kind: 'fileOp'; fileOp: FileOp } => e.kind === 'fileOp' && e.tid === tid && e.fileOp.dev === dev)
    .map(({ fileOp: f }) => `${f.op} ${f.phase} ${f.ino}${f.op === 'REMAP' ? `<-${f.ino2}` : ''}`);
}

// T1's one DIO: a write, to file a.
function dioWriteOf(events: readonly TraceEvent[], t1: number): DioBegin {
  const dios = events.flatMap((e) => (e.kind === 'dioBegin' && e.tid === t1 ? [e.dioBegin] : []));
  expect(dios).toHaveLength(1);
  expect(dios[0].write).toBe(true);
  return dios[0];
}

describeLive('faultline record: file operations of S4 and S5', ['gcc', 'bpftrace', 'mkfs.xfs', 'mount'], () => {
  const fs: Partial<Record<Fs, ScratchFs>> = {};
  const binaries = new Map<string, string>();
  beforeAll(async () => {
    fs.ext4 = await scratchDir();
    fs.xfs = await mountScratchXfs();
    for (const name of ['s4-buffered', 's5-reflink']) binaries.set(name, await buildRecordReproducer(name));
  });
  afterAll(async () => {
    await fs.ext4?.dispose();
    await fs.xfs?.dispose();
    for (const binary of binaries.values()) await removeReproducer(binary);
  });

  // Records `name ARGS` (threads form) in a directory of `kind`: the trace, its events, the reproducer's stdout.
  async function record(name: string, collector: Collector, kind: Fs, args: readonly string[] = []): Promise<{ trace: string; events: TraceEvent[]; stdout: string }> {
    const dir = join(fs[kind]!.dir, `${name}-${collector}`);
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const env = collector === 'ftrace' ? { LINGER_MS: '1000' } : {};
    const run = await faultline(['record', '--collector', collector, '-o', trace, '--', binaries.get(name)!, dir, 'threads', ...args], { env });
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stderr)).toMatch(/recorded \d+ events \(0 lost\) to .*; command exited with status 0/);
    return { trace, events: await eventsOf(trace), stdout: String(run.stdout) };
  }

  // The reproducer's process and its two threads, nothing else; the threads in order of creation.
  function threadsOf(events: readonly TraceEvent[]): { pid: number; t1: number; t2: number } {
    const tids = [...new Set(events.map((e) => e.tid))];
    const pid = events[0].pid;
    expect(new Set(events.map((e) => e.pid))).toEqual(new Set([pid]));
    const created = events.filter((e) => e.kind === 'task').map((e) => e.tid);
    expect(created).toHaveLength(2);
    expect(tids.sort()).toEqual([pid, ...created].sort());
    return { pid, t1: created[0], t2: created[1] };
  }

  it.each(CASES)('S4 under %s on %s: T2 buffered write of b from mmap(a) is recorded; no deadlock under any policy', async (collector, kind) => {
    const { trace, events } = await record('s4-buffered', collector, kind);
    const { t1, t2 } = threadsOf(events);
    const { dev, ino: a } = dioWriteOf(events, t1);
    // T1's write is O_DIRECT: a DIO, never also a buffered write.
    expect(fileOpsOf(events, t1, dev)).toEqual([]);
    const ops = fileOpsOf(events, t2, dev);
    expect(ops).toHaveLength(2);
    const b = Number(ops[0].split(' ')[2]);
    expect(b).not.toBe(a);
    expect(ops).toEqual([`BUFFERED_WRITE BEGIN ${b}`, `BUFFERED_WRITE END ${b}`]);
    // Its buffer lies in T2's mapping of a.
    const write = events.find((e) => e.kind === 'fileOp' && e.tid === t2 && e.fileOp.dev === dev);
    const buf = write?.kind === 'fileOp' ? write.fileOp.buf : 0n;
    expect(events.some((e) => e.kind === 'mapping' && e.mapping.ino === a && buf >= e.mapping.start && buf < e.mapping.start + BigInt(e.mapping.len))).toBe(true);
    expect(await verdicts(trace)).toEqual(S4);
  }, RUN_TIMEOUT_MS);

  it.each(CASES)('S5 under %s on %s: T2 reflink of a into b is recorded as a remap; a cycle except under mainline', async (collector, kind) => {
    const { trace, events, stdout } = await record('s5-reflink', collector, kind, collector === 'ftrace' ? ['clone'] : []);
    expect(stdout.trim()).toBe(kind === 'xfs' ? 'reflink: ok' : 'reflink: not supported');
    const { t1, t2 } = threadsOf(events);
    const { dev, ino: a } = dioWriteOf(events, t1);
    const ops = fileOpsOf(events, t2, dev);
    expect(ops).toHaveLength(2);
    const b = Number(ops[0].split(' ')[2].split('<-')[0]);
    // The reproducer makes a the file with the lower inode (fdm-ordered's verdict depends on it).
    expect(a).toBeLessThan(b);
    expect(ops).toEqual([`REMAP BEGIN ${b}<-${a}`, `REMAP END ${b}<-${a}`]);
    expect(await verdicts(trace)).toEqual(S5);
  }, RUN_TIMEOUT_MS);
});
