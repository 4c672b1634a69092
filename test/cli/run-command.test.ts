// How a command ends when its stdout reader goes away early (`faultline show … | head -1`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';

describe('runCommand', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-pipe-'));
    expect((await faultline(['gen', '--events', '200000', '-o', join(dir, 'big.pb')])).exitCode).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['show --events', ['show', 'big.pb', '--events']],
    ['gen -o -', ['gen', '--events', '2000000', '-o', '-']],
  ])('ends %s quietly with exit 0 when the reader of its stdout closes it', async (_, args) => {
    const child = execa('node', ['bin/faultline.js', ...args.map((a) => (a === 'big.pb' ? join(dir, a) : a))], { reject: false, buffer: { stdout: false } });
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.stdout!.destroy();
    const result = await child;
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
