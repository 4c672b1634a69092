// docs/design.md §6 on what the kernel really does: the seed's programs captured as ftrace text from this
// kernel (fixtures kept from a capture, and captured afresh when run as root) check to the
// expected verdicts under every policy.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES, type PolicyName } from '../../src/policy/policy.js';
import { checkInput } from '../../src/replay/check-input.js';
import { captureReproducer, removeBuiltReproducers, type ReproducerName } from '../helpers/live-capture.js';
import { describeLive } from '../helpers/live-requirements.js';
import { mountScratchXfs, scratchDir, type ScratchFs } from '../helpers/live-xfs.js';

// Finding kinds per policy, in POLICY_NAMES order (naive, fdm, fdm-ordered, mainline).
const EXPECTED: Readonly<Record<ReproducerName, readonly (readonly string[])[]>> = {
  's1-aa': [['aa'], [], [], ['coherency']],
  's2-abba': [['order-inversion'], ['order-inversion'], [], []],
  's3-ring': [['order-inversion'], ['order-inversion'], [], []],
};

async function verdicts(path: string): Promise<string[][]> {
  const result = await checkInput(await openInput(path), POLICY_NAMES, 'predictive');
  return result.results.map((r) => [...new Set(r.findings.map((f) => f.kind))].sort());
}

const names = Object.keys(EXPECTED) as ReproducerName[];

describe('verdicts on captured ftrace text', () => {
  it.each(names.flatMap((n) => (['ext4', 'xfs'] as const).map((fs) => [n, fs] as const)))(
    '%s on %s checks to the expected verdict under every policy', async (name, fs) => {
      expect(await verdicts(`test/fixtures/ftrace/${name}-${fs}.txt`)).toEqual(EXPECTED[name]);
    });
});

describeLive('verdicts on a fresh capture from this kernel', ['gcc', 'mkfs.xfs', 'mount'], () => {
  const fss: Partial<Record<'ext4' | 'xfs', ScratchFs>> = {};
  beforeAll(async () => {
    fss.ext4 = await scratchDir();
    fss.xfs = await mountScratchXfs();
  });
  afterAll(async () => {
    await fss.ext4?.dispose();
    await fss.xfs?.dispose();
    await removeBuiltReproducers();
  });

  const cases: readonly (readonly [ReproducerName, 'ext4' | 'xfs', readonly string[]])[] = [
    ['s1-aa', 'ext4', []], ['s2-abba', 'ext4', []], ['s2-abba', 'ext4', ['procs']], ['s3-ring', 'ext4', []],
    ['s1-aa', 'xfs', []], ['s2-abba', 'xfs', []], ['s3-ring', 'xfs', []],
  ];
  it.each(cases)('%s on %s %j: the expected verdict under every policy', async (name, fs, args) => {
    const scratch = fss[fs]!;
    const dir = join(scratch.dir, `${name}-${args.join('-') || 'threads'}`);
    await mkdir(dir, { recursive: true });
    const text = await captureReproducer(name, dir, args);
    const path = join(scratch.dir, `${name}-${fs}-${args.join('-')}.txt`);
    await writeFile(path, text);
    const byPolicy = await verdicts(path);
    expect(Object.fromEntries(POLICY_NAMES.map((p: PolicyName, i) => [p, byPolicy[i]]))).toEqual(
      Object.fromEntries(POLICY_NAMES.map((p, i) => [p, EXPECTED[name][i]])));
  });
});

describe('mmap_lock on a whole capture of two threads', () => {
  // Unfiltered: mmap_lock events included. The two threads share an mm.
  const path = 'test/fixtures/ftrace/s2-abba-full-ext4.txt';

  it('checks to the docs/design.md §6 verdicts by default (file locks only)', async () => {
    expect(await verdicts(path)).toEqual(EXPECTED['s2-abba']);
  });

  it('finds, with --mmap-lock, the cycle through mmap_lock that fdm-ordered leaves', async () => {
    const result = await checkInput(await openInput(path), ['fdm-ordered'], 'predictive', { mmapLock: true });
    const cycle = result.results[0].findings.find((f) => f.kind === 'order-inversion');
    expect(cycle?.locks.map((l) => `${l.cls} ${l.mode}`).sort()).toEqual(['mmap_lock SHARED', 'pagecache BLOCK']);
  });
});
