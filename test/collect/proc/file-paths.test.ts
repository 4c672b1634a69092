// Paths of (dev, ino) from a live process's fds, an unlinked file said to be deleted, a closed
// file found by walking from the seed directories, and an unknown one.
import { closeSync, mkdirSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilePaths } from '../../../src/collect/proc/file-paths.js';
import { kernelDevOfStDev } from '../../../src/collect/proc/fd-file.js';

describe('createFilePaths', () => {
  let dir: string;
  const idOf = (path: string): { dev: number; ino: number } => {
    const st = statSync(path);
    return { dev: kernelDevOfStDev(st.dev), ino: st.ino };
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-paths-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a file open in the process, and one unlinked while open as deleted', () => {
    const open = join(dir, 'open');
    const gone = join(dir, 'gone');
    writeFileSync(open, 'x');
    writeFileSync(gone, 'y');
    const fds = [openSync(open, 'r'), openSync(gone, 'r')];
    const goneId = idOf(gone);
    unlinkSync(gone);
    try {
      const paths = createFilePaths();
      const { dev, ino } = idOf(open);
      expect(paths.lookup(dev, ino, process.pid)).toEqual({ dev, ino, path: open, deleted: false });
      expect(paths.lookup(goneId.dev, goneId.ino, process.pid)).toEqual({ ...goneId, path: gone, deleted: true });
    } finally {
      fds.forEach(closeSync);
    }
  });

  it('walks from the seed directories for a file no process holds open, and says when none is found', () => {
    const deep = join(dir, 'x', 'y');
    mkdirSync(deep, { recursive: true });
    const file = join(deep, 'closed');
    writeFileSync(file, 'z');
    const paths = createFilePaths([join(dir, 'x')]);
    const id = idOf(file);
    expect(paths.lookup(id.dev, id.ino, 0)).toBeUndefined();
    expect(paths.settle([id, { dev: id.dev, ino: 0x7fffffff }])).toEqual([
      { ...id, path: file, deleted: false },
      { dev: id.dev, ino: 0x7fffffff, deleted: false },
    ]);
  });
});
