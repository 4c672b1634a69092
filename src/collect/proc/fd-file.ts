// The file open as an fd of a live process, from /proc/PID/fd/FD (stat: device and inode;
// readlink: its path, " (deleted)" once unlinked). The one fd resolver of a recording: the
// ftrace collector's mmaps and the file names of reports both ask it. It names the file the fd
// holds now: a reader that lags the kernel can find a reused fd naming a newer file.
import { readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { makeDev } from '../../trace/dev.js';

/** A regular file open as an fd: kernel dev_t, inode, path (without " (deleted)"). */
export interface FdFileEntry {
  readonly dev: number;
  readonly ino: number;
  readonly path: string;
  readonly deleted: boolean;
}

const DELETED = ' (deleted)';

/** The regular file `fd` of process `pid` has open; undefined for anything else, or when gone. */
export function fdFileOf(pid: number, fd: number): FdFileEntry | undefined {
  const link = `/proc/${pid}/fd/${fd}`;
  let st: Stats;
  let target: string;
  try {
    st = statSync(link);
    if (!st.isFile()) return undefined;
    target = readlinkSync(link);
  } catch {
    return undefined;
  }
  const deleted = target.endsWith(DELETED);
  return { dev: kernelDevOfStDev(st.dev), ino: st.ino, path: deleted ? target.slice(0, -DELETED.length) : target, deleted };
}

/** The fd numbers process `pid` has open now (empty when it is gone). */
export function openFdsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).map(Number);
  } catch {
    return [];
  }
}

/** The kernel dev_t (major << 20 | minor) of a userspace st_dev (glibc's gnu_dev_major/minor). */
export function kernelDevOfStDev(stDev: number): number {
  const dev = BigInt(stDev);
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return makeDev(major, minor);
}
