// Captures each reproducer on ext4 and XFS through a tracefs instance, reads the text with
// createFtraceParser, and checks the DIO and the fault inside it on the right files.
import { readdirSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isSkip } from '../../src/import/line-parser.js';
import { createFtraceParser } from '../../src/import/ftrace/ftrace-parser.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { makeDev } from '../../src/trace/dev.js';
import { captureReproducer, removeBuiltReproducers, type ReproducerName } from '../helpers/live-capture.js';
import { describeLive } from '../helpers/live-requirements.js';
import { mountScratchXfs, scratchDir, type ScratchFs } from '../helpers/live-xfs.js';
import { fixtureLines } from '../helpers/live-fixture.js';

interface FileId { readonly dev: number; readonly ino: number }

// Userspace st_dev (glibc encoding) to the kernel dev_t of tracepoints.
async function fileId(path: string): Promise<FileId> {
  const st = await stat(path);
  const major = (st.dev >> 8) & 0xfff;
  const minor = (st.dev & 0xff) | ((st.dev >> 12) & 0xfff00);
  return { dev: makeDev(major, minor), ino: st.ino };
}

function parseAll(text: string): TraceEvent[] {
  const parser = createFtraceParser();
  const events: TraceEvent[] = [];
  text.split('\n').forEach((line, i) => {
    const result = parser.parse(line, i + 1);
    if (result !== undefined && !isSkip(result)) events.push(result);
  });
  return events;
}

// The DIO write to `dst`, and whether its task took a FILE fault on `src` inside it.
function dioFaulting(events: readonly TraceEvent[], dst: FileId, src: FileId): { begin?: TraceEvent; faulted: boolean } {
  const b = events.findIndex((e) => e.kind === 'dioBegin' && e.dioBegin.dev === dst.dev && e.dioBegin.ino === dst.ino);
  if (b < 0) return { faulted: false };
  const begin = events[b];
  const e = events.findIndex((ev, i) => i > b && ev.tid === begin.tid && ev.kind === 'dioEnd' && ev.dioEnd.ino === dst.ino);
  const inside = events.slice(b + 1, e < 0 ? b + 1 : e);
  const faulted = inside.some((ev) => ev.tid === begin.tid && ev.kind === 'fault' && ev.fault.source === 'FILE' &&
    ev.fault.dev === src.dev && ev.fault.ino === src.ino);
  return { begin: e < 0 ? undefined : begin, faulted };
}

const PAIRS: Readonly<Record<ReproducerName, readonly (readonly [string, string])[]>> = {
  's1-aa': [['a', 'a']],
  's2-abba': [['a', 'b'], ['b', 'a']],
  's3-ring': [['a', 'b'], ['b', 'c'], ['c', 'a']],
};

const CASES: readonly (readonly [ReproducerName, 'ext4' | 'xfs', readonly string[]])[] = [
  ['s1-aa', 'ext4', []], ['s2-abba', 'ext4', []], ['s3-ring', 'ext4', []], ['s2-abba', 'ext4', ['procs']],
  ['s1-aa', 'xfs', []], ['s2-abba', 'xfs', []], ['s3-ring', 'xfs', []],
];

describeLive('ftrace capture of the reproducers', ['gcc', 'mkfs.xfs', 'mount'], () => {
  const fs: Partial<Record<'ext4' | 'xfs', ScratchFs>> = {};
  beforeAll(async () => {
    fs.ext4 = await scratchDir();
    fs.xfs = await mountScratchXfs();
  });
  afterAll(async () => {
    await fs.ext4?.dispose();
    await fs.xfs?.dispose();
    await removeBuiltReproducers();
  });

  it.each(CASES)('%s on %s %j: every DIO write faults on its source file inside the DIO', async (name, kind, args) => {
    const dir = join(fs[kind]!.dir, `${name}${args.join('-')}`);
    await mkdir(dir);
    const text = await captureReproducer(name, dir, args);
    const events = parseAll(text);
    for (const [dstName, srcName] of PAIRS[name]) {
      const dst = await fileId(join(dir, dstName));
      const src = await fileId(join(dir, srcName));
      const { begin, faulted } = dioFaulting(events, dst, src);
      expect(begin, `dioBegin..dioEnd on ${dstName}`).toBeDefined();
      expect(begin?.kind === 'dioBegin' && begin.dioBegin.write).toBe(true);
      expect(begin?.kind === 'dioBegin' && begin.dioBegin.buf).not.toBe(0n);
      expect(faulted, `FILE fault on ${srcName} inside the DIO to ${dstName}`).toBe(true);
    }
    expect(readdirSync('/sys/kernel/tracing/instances').filter((n) => n.startsWith(`faultline-${process.pid}-`))).toEqual([]);
    if (args.length === 0 && process.env.FAULTLINE_SAVE_FIXTURES === '1') {
      await writeFile(new URL(`../fixtures/ftrace/${name}-${kind}.txt`, import.meta.url), fixtureLines(text, name));
    }
  });
});
