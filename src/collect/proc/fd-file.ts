// The file open as an fd of a live process, from /proc/PID/fd/FD (stat: device and inode;
// readlink: its path, " (deleted)" once unlinked) and /proc/PID/fdinfo/FD (its open flags:
// O_DIRECT). The one fd resolver of a recording: the ftrace collector's mmaps and file
// operations and the file names of reports all ask it. It names the file the fd holds now: a
// reader that lags the kernel can find a reused fd naming a newer file (ftrace/fd-table.ts).
import { readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { makeDev } from '../../trace/dev.js';
import { O_DIRECT } from '../../kernel/file-syscalls.js';
import { NOT_A_FILE } from '../../kernel/ftrace-syscall-state.js';

/** A regular file open as an fd: kernel dev_t, inode, path (without " (deleted)"), O_DIRECT. */
export interface FdFileEntry {
  readonly dev: number;
  readonly ino: number;
  readonly path: string;
  readonly deleted: boolean;
  readonly direct: boolean;
}

const DELETED = ' (deleted)';
// fdinfo's "flags:\t02140002" line: the open flags, octal.
const FLAGS_LINE = /^flags:\s+([0-7]+)$/m;

/** The regular file `fd` of process `pid` has open; NOT_A_FILE for another kind; undefined when it is gone. */
export function fdFileOf(pid: number, fd: number): FdFileEntry | typeof NOT_A_FILE | undefined {
  const link = `/proc/${pid}/fd/${fd}`;
  let st: Stats;
  let target: string;
  let info: string;
  try {
    st = statSync(link);
    if (!st.isFile()) return NOT_A_FILE;
    target = readlinkSync(link);
    info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
  } catch {
    return undefined;
  }
  const deleted = target.endsWith(DELETED);
  const flags = FLAGS_LINE.exec(info);
  return {
    dev: kernelDevOfStDev(st.dev), ino: st.ino, path: deleted ? target.slice(0, -DELETED.length) : target, deleted,
    direct: flags !== null && (parseInt(flags[1], 8) & O_DIRECT) !== 0,
  };
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
