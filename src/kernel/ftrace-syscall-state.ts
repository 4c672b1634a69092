// The syscall each task is in, from ftrace's syscall entry and exit events: it gives a DIO its
// direction and its user buffer (iomap's DIO events carry neither). Shared by the text parser
// and the live binary reader.
import type { EventBody } from '../trace/event.js';
import { withGetters } from '../with-getters.js';
import { KIOCB_FLAGS } from './ftrace-flags.js';

type Direction = 'read' | 'write';

/** The syscall a task is in; `buf` is its user buffer, 0n for vectored I/O. */
interface OpenSyscall { readonly direction: Direction | undefined; readonly buf: bigint }

const DIRECTION: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['pwrite64', 'write'], ['write', 'write'], ['pwritev', 'write'], ['pwritev2', 'write'],
  ['pread64', 'read'], ['read', 'read'], ['preadv', 'read'], ['preadv2', 'read'],
]);

/** Syscalls (names without `sys_`) whose `buf` argument is a DIO's user buffer. */
export const SYSCALLS_WITH_BUF: ReadonlySet<string> = new Set(['pwrite64', 'write', 'pread64', 'read']);

export interface SyscallState {
  /** Task `tid` entered syscall `name` (without `sys_`); `buf` its user buffer, 0n when none. */
  enter(tid: number, name: string, buf: bigint): void;
  exit(tid: number): void;
  /** The dioBegin with its direction and buffer from the syscall `tid` is in. */
  dioBegin(body: EventBody & { kind: 'dioBegin' }, tid: number): EventBody;
  /** DIOs whose direction came from no syscall and no WRITE flag: recorded as writes. */
  readonly directionUnknown: number;
}

// Per-task syscall state of one capture.
export function createSyscallState(): SyscallState {
  const open = new Map<number, OpenSyscall>();
  let directionUnknown = 0;
  return withGetters({
    enter(tid: number, name: string, buf: bigint): void {
      open.set(tid, { direction: DIRECTION.get(name), buf });
    },
    exit(tid: number): void {
      open.delete(tid);
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
  }, { directionUnknown: () => directionUnknown });
}
