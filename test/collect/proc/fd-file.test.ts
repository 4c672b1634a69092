// The file behind an fd of a live process (this one): a regular file with its device, inode
// and path, an unlinked one said to be deleted, one opened O_DIRECT, and nothing for a pipe or a closed fd.
import { closeSync, constants, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fdFileOf, kernelDevOfStDev, openFdsOf } from '../../../src/collect/proc/fd-file.js';
import { makeDev } from '../../../src/trace/dev.js';
import { NOT_A_FILE } from '../../../src/kernel/ftrace-syscall-state.js';

describe('fdFileOf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-fd-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names an open regular file by device, inode and path, and is listed among the open fds', () => {
    const path = join(dir, 'open');
    writeFileSync(path, 'x');
    const fd = openSync(path, 'r');
    try {
      const st = statSync(path);
      expect(fdFileOf(process.pid, fd)).toEqual({ dev: kernelDevOfStDev(st.dev), ino: st.ino, path, deleted: false, direct: false });
      expect(openFdsOf(process.pid)).toContain(fd);
    } finally {
      closeSync(fd);
    }
  });

  it('says a file unlinked while open is deleted, under its old path', () => {
    const path = join(dir, 'gone');
    writeFileSync(path, 'y');
    const fd = openSync(path, 'r');
    try {
      const { ino } = statSync(path);
      unlinkSync(path);
      expect(fdFileOf(process.pid, fd)).toMatchObject({ ino, path, deleted: true });
    } finally {
      closeSync(fd);
    }
  });

  it('says a file opened O_DIRECT is direct', () => {
    const path = join(dir, 'direct');
    writeFileSync(path, 'z');
    const fd = openSync(path, constants.O_RDONLY | constants.O_DIRECT);
    try {
      expect(fdFileOf(process.pid, fd)).toMatchObject({ path, direct: true });
    } finally {
      closeSync(fd);
    }
  });

  it('says a directory is no file, and names nothing for a closed fd or a process that does not exist', () => {
    const fd = openSync(dir, 'r');
    closeSync(openSync(join(dir, 'closed'), 'w'));
    try {
      expect(fdFileOf(process.pid, fd)).toBe(NOT_A_FILE);
    } finally {
      closeSync(fd);
    }
    expect(fdFileOf(process.pid, fd)).toBeUndefined();
    expect(fdFileOf(0x7ffffff0, 0)).toBeUndefined();
    expect(openFdsOf(0x7ffffff0)).toEqual([]);
  });
});

describe('kernelDevOfStDev', () => {
  it.each([
    [65024, 254, 0],
    [1792, 7, 0],
    [2049, 8, 1],
    [(259 << 8) | 3, 259, 3],
    [(0x12 << 8) | 0x34 | (0x567 << 12 << 8), 0x12, 0x34 | (0x567 << 8)],
  ])('converts userspace st_dev %i to the kernel dev_t of %i:%i', (stDev, major, minor) => {
    expect(kernelDevOfStDev(stDev)).toBe(makeDev(major, minor));
  });
});
