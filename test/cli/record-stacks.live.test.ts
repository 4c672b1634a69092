// `record --stacks` for real: the AB/BA of s2-abba (built with -g) recorded by each kernel
// collector names both files by path and shows, at both ends of each edge, the reproducer's
// own function and line and the filesystem's write path; the trace copied where the binary
// never was, the binary gone, still prints the same frames.
import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/format-json-report.js';
import { describeLive } from '../helpers/live-requirements.js';
import { mountScratchXfs, scratchDir, type ScratchFs } from '../helpers/live-xfs.js';
import { buildRecordReproducer, faultline, removeReproducer } from '../helpers/record-cli.js';

type Fs = 'ext4' | 'xfs';

// The reproducer's threads: t1 (line 12) writes a from mmap(b), t2 (line 13) b from mmap(a).
const USER_FRAME = /\bt([12])\+0x[0-9a-f]+ \(s2-abba\.c:(1[23])\)/g;
// The DIO write path of each filesystem, as the kernel's own symbols name it.
const WRITE_PATH: Readonly<Record<Fs, RegExp>> = {
  xfs: /\bxfs_file_dio_write[\w.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/,
  ext4: /\bext4_(?:dio_write_iter|file_write_iter)\+0x[0-9a-f]+\/0x[0-9a-f]+/,
};

describeLive('faultline record --stacks', ['gcc', 'bpftrace', 'mkfs.xfs', 'mount', 'addr2line'], () => {
  const fs: Partial<Record<Fs, ScratchFs>> = {};
  const away: string[] = [];
  beforeAll(async () => {
    fs.ext4 = await scratchDir();
    fs.xfs = await mountScratchXfs();
  });
  afterAll(async () => {
    await fs.ext4?.dispose();
    await fs.xfs?.dispose();
    for (const dir of away) await rm(dir, { recursive: true, force: true });
  });

  it.each([['ftrace', 'xfs'], ['bpftrace', 'ext4']] as const)('%s on %s: both sites of each edge, symbolized, anywhere', async (collector, kind) => {
    const binary = await buildRecordReproducer('s2-abba');
    const dir = join(fs[kind]!.dir, `stacks-${collector}`);
    await mkdir(dir);
    const trace = join(dir, 'trace.pb');
    const run = await faultline(['record', '--collector', collector, '--stacks', '-o', trace, '--', binary, dir]);
    expect(run.exitCode, String(run.stderr)).toBe(0);

    const check = await faultline(['check', trace, '--policy', 'naive']);
    expect(check.exitCode, String(check.stderr)).toBe(1);
    const text = String(check.stdout);
    for (const file of ['a', 'b']) expect(text).toContain(`pagecache(${join(dir, file)} `);
    // The two "-> #k" blocks: each shows the requesting and the holding site, user and kernel.
    const blocks = text.split('\n-> #').slice(1).map((b) => b.split('\n\n')[0]);
    expect(blocks).toHaveLength(2);
    const threads = new Set<string>();
    for (const block of blocks) {
      const users = [...block.matchAll(USER_FRAME)];
      expect(users.length, block).toBe(2);
      // One thread per edge, its own line: t1 at 12, t2 at 13.
      expect(new Set(users.map((m) => `${m[1]}:${m[2]}`)).size, block).toBe(1);
      expect(Number(users[0][2]) - Number(users[0][1]), block).toBe(11);
      threads.add(users[0][1]);
      expect(block.match(new RegExp(WRITE_PATH[kind], 'g'))?.length, block).toBe(2);
      expect(block).toMatch(/\biomap_dio_rw\+0x/);
    }
    expect([...threads].sort()).toEqual(['1', '2']);

    const json = JSON.parse(String((await faultline(['check', trace, '--policy', 'naive', '--format', 'json'])).stdout)) as JsonReport;
    const edges = json.findings.flatMap((f) => f.edges);
    expect(edges.length).toBeGreaterThanOrEqual(2);
    for (const edge of edges) {
      expect([edge.held.path, edge.requested.path].sort()).toEqual([join(dir, 'a'), join(dir, 'b')]);
      for (const site of [edge.heldAt, edge.requestedAt]) {
        const user = site.stack?.find((f) => f.file?.endsWith('s2-abba.c') === true);
        expect(user?.symbol).toMatch(/^t[12]$/);
        expect(user?.line).toBeGreaterThan(0);
        expect(site.stack?.some((f) => f.symbol === 'iomap_dio_rw' && f.addr.startsWith('0xffff'))).toBe(true);
      }
    }

    // Elsewhere, with the binary gone: the same report but for its header (the file's name).
    const elsewhere = await mkdtemp('/tmp/faultline-elsewhere-');
    away.push(elsewhere);
    await copyFile(trace, join(elsewhere, 'copy.pb'));
    await rename(binary, `${binary}.gone`);
    const again = await faultline(['check', 'copy.pb', '--policy', 'naive'], { cwd: elsewhere });
    const body = (report: string): string => report.slice(report.indexOf('\n\n'));
    expect(body(String(again.stdout))).toBe(body(text));
    await rename(`${binary}.gone`, binary);
    await removeReproducer(binary);
  });
});
