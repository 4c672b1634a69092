// The syscalls that are file operations (docs/design.md §2 `fileOp`, §7), by name without `sys_`:
// which operation each one is and which of its arguments name the file, the range and the
// buffer. Read by the ftrace collector's syscall state; collectors/kernel.bt spells the same
// table in its probes.
import type { FileOpKind } from '../trace/event.js';

/** O_DIRECT in a file's open flags (include/uapi/asm-generic/fcntl.h, x86 and arm64: 040000). */
export const O_DIRECT = 0o40000;

/** fallocate modes recorded as PUNCH (include/uapi/linux/falloc.h); other modes only allocate. */
export const FALLOC_FL = { PUNCH_HOLE: 0x02, COLLAPSE_RANGE: 0x08, ZERO_RANGE: 0x10, INSERT_RANGE: 0x20 } as const;
const FALLOC_PUNCH_MODES = FALLOC_FL.PUNCH_HOLE | FALLOC_FL.COLLAPSE_RANGE | FALLOC_FL.ZERO_RANGE | FALLOC_FL.INSERT_RANGE;

/** ioctl commands that remap (include/uapi/linux/fs.h): _IOW(0x94, 9, int), _IOW(0x94, 13, struct file_clone_range). */
export const FICLONE = 0x40049409;
export const FICLONERANGE = 0x4020940d;

/**
 * How a syscall's arguments make a file operation: `fd` names the file operated on (for a remap,
 * the destination), `fd2` a remap's source when an argument holds it; pos/len/buf the range and
 * buffer (absent: 0, e.g. write's file offset, which no tracepoint gives).
 */
export interface FileSyscall {
  readonly op: FileOpKind;
  readonly fd: string;
  readonly fd2?: string;
  readonly pos?: string;
  readonly len?: string;
  readonly buf?: string;
}

/** Buffered read/write syscalls (an O_DIRECT file's are DIOs, recorded from iomap instead). */
const READ_WRITE: Readonly<Record<string, FileSyscall>> = {
  write: { op: 'BUFFERED_WRITE', fd: 'fd', len: 'count', buf: 'buf' },
  pwrite64: { op: 'BUFFERED_WRITE', fd: 'fd', pos: 'pos', len: 'count', buf: 'buf' },
  writev: { op: 'BUFFERED_WRITE', fd: 'fd' },
  pwritev: { op: 'BUFFERED_WRITE', fd: 'fd', pos: 'pos_l' },
  pwritev2: { op: 'BUFFERED_WRITE', fd: 'fd', pos: 'pos_l' },
  read: { op: 'BUFFERED_READ', fd: 'fd', len: 'count', buf: 'buf' },
  pread64: { op: 'BUFFERED_READ', fd: 'fd', pos: 'pos', len: 'count', buf: 'buf' },
  readv: { op: 'BUFFERED_READ', fd: 'fd' },
  preadv: { op: 'BUFFERED_READ', fd: 'fd', pos: 'pos_l' },
  preadv2: { op: 'BUFFERED_READ', fd: 'fd', pos: 'pos_l' },
};

/**
 * Every syscall that can be a file operation; `ioctl` and `fallocate` only for some commands
 * and modes. FICLONERANGE's source fd is in user memory, not an argument: it has no `fd2`.
 */
export const FILE_SYSCALLS: Readonly<Record<string, FileSyscall>> = {
  ...READ_WRITE,
  ftruncate: { op: 'TRUNCATE', fd: 'fd', pos: 'length' },
  fallocate: { op: 'PUNCH', fd: 'fd', pos: 'offset', len: 'len' },
  ioctl: { op: 'REMAP', fd: 'fd', fd2: 'arg' },
  copy_file_range: { op: 'REMAP', fd: 'fd_out', fd2: 'fd_in', len: 'len' },
};

/** Syscalls after which an fd number may name another file: close, close_range, dup2/dup3 (newfd). */
export const FD_CLOSING_SYSCALLS: readonly string[] = ['close', 'close_range', 'dup2', 'dup3'];

/** True when `name` with these arguments is a file operation (ioctl: a clone; fallocate: a range mode). */
export function isFileOperation(name: string, arg: (name: string) => bigint | undefined): boolean {
  if (name === 'ioctl') {
    const cmd = Number(arg('cmd') ?? 0n);
    return cmd === FICLONE || cmd === FICLONERANGE;
  }
  if (name === 'fallocate') return (Number(arg('mode') ?? 0n) & FALLOC_PUNCH_MODES) !== 0;
  return Object.hasOwn(FILE_SYSCALLS, name);
}

/** True for the buffered read/write syscalls, which an O_DIRECT file makes DIOs instead. */
export function isReadWrite(name: string): boolean {
  return Object.hasOwn(READ_WRITE, name);
}
