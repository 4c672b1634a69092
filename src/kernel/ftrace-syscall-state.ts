// The syscall each task is in, from ftrace's syscall entry and exit events: it gives a DIO its
// direction and its user buffer (iomap's DIO events carry neither), and, given the capture's
// fds (FdFiles), makes file operations: a fileOp BEGIN at the entry, its END at the exit
// (file-syscalls.ts). Shared by the text parser (which has no fds, so makes none) and the live
// binary reader.
import type { EventBody, FileOp } from '../trace/event.js';
import { withGetters } from '../with-getters.js';
import { KIOCB_FLAGS } from './ftrace-flags.js';
import { FD_CLOSING_SYSCALLS, FICLONERANGE, FILE_SYSCALLS, isFileOperation, isReadWrite } from './file-syscalls.js';

type Direction = 'read' | 'write';

/** A syscall argument by its name in the event's format, or undefined when absent. */
export type SyscallArg = (name: string) => bigint | undefined;

/** The file behind an fd as a capture knows it: kernel dev_t, inode, opened with O_DIRECT. */
export interface OpenFile { readonly dev: number; readonly ino: number; readonly direct: boolean }

/** What an fd is that is open but no regular file (a pipe, socket, device, directory). */
export const NOT_A_FILE = 'not a file';

/** What a capture knows of the fds of its processes. */
export interface FdFiles {
  /** The regular file `fd` of process `pid` names in a syscall at `ts` (ns), NOT_A_FILE, or undefined when unknown. */
  fileOf(pid: number, fd: number, ts: number): OpenFile | typeof NOT_A_FILE | undefined;
  /** fds from..to (inclusive) of `pid` may name other files after `ts` (close, dup2, exec, exit). */
  forget(pid: number, from: number, to: number, ts: number): void;
}

/** The syscall a task is in; `buf` is its user buffer, 0n for vectored I/O; `fileOp` the BEGIN it made. */
interface OpenSyscall { readonly direction: Direction | undefined; readonly buf: bigint; readonly fileOp: FileOp | undefined }

const DIRECTION: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['pwrite64', 'write'], ['write', 'write'], ['pwritev', 'write'], ['pwritev2', 'write'],
  ['pread64', 'read'], ['read', 'read'], ['preadv', 'read'], ['preadv2', 'read'],
]);

/** Syscalls (names without `sys_`) whose `buf` argument is a DIO's user buffer. */
export const SYSCALLS_WITH_BUF: ReadonlySet<string> = new Set(['pwrite64', 'write', 'pread64', 'read']);

/** Every fd of a process (close_range's and exec's upper bound). */
export const ALL_FDS = 0x7fffffff;

const NO_ARG: SyscallArg = () => undefined;

export interface SyscallState {
  /**
   * Task `tid` of process `pid` entered syscall `name` (without `sys_`) at `ts` with these
   * arguments; the fileOp BEGIN it makes, or undefined.
   */
  enter(tid: number, pid: number, name: string, ts: number, arg?: SyscallArg): EventBody | undefined;
  /** Task `tid` left its syscall: the fileOp END of its BEGIN, or undefined. */
  exit(tid: number): EventBody | undefined;
  /** The dioBegin with its direction and buffer from the syscall `tid` is in. */
  dioBegin(body: EventBody & { kind: 'dioBegin' }, tid: number): EventBody;
  /** DIOs whose direction came from no syscall and no WRITE flag: recorded as writes. */
  readonly directionUnknown: number;
  /** File operations not made: an fd's file not known, or FICLONERANGE (its source fd is in user memory). */
  readonly fileOpsUnresolved: number;
}

// Per-task syscall state of one capture; without `files`, no file operations are made.
export function createSyscallState(files?: FdFiles): SyscallState {
  const open = new Map<number, OpenSyscall>();
  let directionUnknown = 0;
  let fileOpsUnresolved = 0;

  // The fileOp BEGIN of syscall `name`, or undefined: not a file operation, an O_DIRECT file's
  // read or write (a DIO), or a file not known (counted).
  function fileOpOf(pid: number, name: string, ts: number, arg: SyscallArg): FileOp | undefined {
    if (files === undefined || !isFileOperation(name, arg)) return undefined;
    const spec = FILE_SYSCALLS[name];
    const n = (field: string | undefined): number => (field === undefined ? 0 : Number(BigInt.asIntN(64, arg(field) ?? 0n)));
    const file = files.fileOf(pid, n(spec.fd), ts);
    const source = spec.fd2 === undefined || (name === 'ioctl' && n('cmd') === FICLONERANGE) ? undefined : files.fileOf(pid, n(spec.fd2), ts);
    if (file === NOT_A_FILE || source === NOT_A_FILE) return undefined;
    if (file === undefined || (spec.op === 'REMAP' && source === undefined)) {
      fileOpsUnresolved++;
      return undefined;
    }
    if (file.direct && isReadWrite(name)) return undefined;
    const other = source ?? file;
    return {
      op: spec.op, phase: 'BEGIN', dev: file.dev, ino: file.ino, dev2: other.dev, ino2: other.ino,
      pos: n(spec.pos), len: n(spec.len), buf: spec.buf === undefined ? 0n : arg(spec.buf) ?? 0n,
    };
  }

  // close, close_range, dup2/dup3: the fds they free or replace.
  function closeFds(pid: number, name: string, ts: number, arg: SyscallArg): void {
    if (files === undefined || !FD_CLOSING_SYSCALLS.includes(name)) return;
    const fd = Number(arg(name === 'close' || name === 'close_range' ? 'fd' : 'newfd') ?? 0n);
    files.forget(pid, fd, name === 'close_range' ? Math.min(Number(arg('max_fd') ?? 0n), ALL_FDS) : fd, ts);
  }

  return withGetters({
    enter(tid: number, pid: number, name: string, ts: number, arg: SyscallArg = NO_ARG): EventBody | undefined {
      closeFds(pid, name, ts, arg);
      const fileOp = fileOpOf(pid, name, ts, arg);
      const buf = SYSCALLS_WITH_BUF.has(name) ? arg('buf') ?? 0n : 0n;
      open.set(tid, { direction: DIRECTION.get(name), buf, fileOp });
      return fileOp === undefined ? undefined : { kind: 'fileOp', fileOp };
    },
    exit(tid: number): EventBody | undefined {
      const fileOp = open.get(tid)?.fileOp;
      open.delete(tid);
      return fileOp === undefined ? undefined : { kind: 'fileOp', fileOp: { ...fileOp, phase: 'END' } };
    },
    // IOCB_WRITE when the kernel set it (aio, io_uring), else the enclosing syscall; none
    // known is a write, and counted.
    dioBegin(body: EventBody & { kind: 'dioBegin' }, tid: number): EventBody {
      const call = open.get(tid);
      let write: boolean;
      if ((body.dioBegin.flags & KIOCB_FLAGS.WRITE) !== 0) write = true;
      else if (call?.direction !== undefined) write = call.direction === 'write';
      else {
        write = true;
        directionUnknown++;
      }
      const { dev, ino, pos, len, aio, flags } = body.dioBegin;
      return { kind: 'dioBegin', dioBegin: { dev, ino, pos, len, write, aio, flags, buf: call?.buf ?? 0n } };
    },
  }, { directionUnknown: () => directionUnknown, fileOpsUnresolved: () => fileOpsUnresolved });
}
