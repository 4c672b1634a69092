// Turns the mmap syscall events of a live ftrace capture into `mapping` events, so a DIO whose
// buffer lies in a mapping of file Y can be seen as a potential fault on Y (docs/design.md §7).
//
// ftrace's sys_enter_mmap gives the fd, not the file: the file is resolved when the
// sys_exit_mmap event is read, from the mapping's line in /proc/<tgid>/maps (the vma at the
// returned address, at the mmap's file offset), else through /proc/<tgid>/fd/<fd> (proc/fd-file.ts,
// unproven: the file operations' proof, ftrace/fd-table.ts, would hold a mapping back until the
// reader caught up, too late under load for the DIO that needs it). Best effort: the process may
// have unmapped it, closed the fd or exited by then, and an fd reused in between names the wrong
// file (the maps line does not, as long as the mapping lives).
// A mapping /proc could not name is kept as unresolved (a few per process) and named later
// by the first FILE fault that lands in it: a user page fault at an address of the range, or
// a DIO whose buffer is in the range, followed by mm_filemap_fault/map_pages of the same task
// at the matching page of the file. Its `mapping` event carries the time of the mmap, so the
// merge window puts it before the DIO that needed it (a stale mapping of a reused address
// would otherwise name the wrong file). Only live captures can do this; imported text cannot.
import type { EventCommon, TraceEvent } from '../../trace/event.js';
import { PAGE_SHIFT } from '../../kernel/page.js';
import { NOT_A_FILE } from '../../kernel/ftrace-syscall-state.js';
import { mappedFileOf } from '../proc/maps-file.js';
import { fdFileOf } from '../proc/fd-file.js';

/** The file behind an fd: kernel dev_t and inode. */
export interface FdFile { readonly dev: number; readonly ino: number }

export interface MmapResolver {
  /** Task `tid` entered mmap with these arguments (fd as the kernel passes it: -1 is 0xffffffff). */
  mmapEnter(tid: number, fd: bigint, flags: bigint, len: number, offset: number): void;
  /** The `mapping` event the mmap exit of `place.tid` (returning `ret`, unsigned) completes, or undefined. */
  mmapExit(place: EventCommon, ret: bigint): TraceEvent | undefined;
  /** The `mapping` event an event (of the same capture, in order) resolves, or undefined. */
  afterEvent(event: TraceEvent): TraceEvent | undefined;
  /** File mmaps not named (yet): fd gone from /proc and no fault in them seen. */
  readonly unresolved: number;
}

interface PendingMmap { readonly len: number; readonly fd: number; readonly offset: number }
/** An unresolved mmap, with the place of its sys_exit_mmap line (its mapping's time and task). */
interface OpenRange {
  readonly start: bigint; readonly len: number; readonly offset: number;
  readonly ts: number; readonly tid: number; readonly cpu: number; readonly comm: string | undefined;
}

// Unresolved ranges kept per process (the newest); older ones are forgotten.
const MAX_OPEN_RANGES = 32;
// mm_filemap_map_pages maps a window around the faulting page (fault_around_bytes, 64 KiB).
const FAULT_AROUND_PAGES = 16;

// MAP_ANONYMOUS (include/uapi/asm-generic/mman-common.h): no file behind the mapping.
const MAP_ANONYMOUS = 0x20n;
// The kernel prints `fd: 0xffffffff` for -1 (an int printed as unsigned).
const MAX_FD = 0x7fffffffn;
// mmap returns -errno: values in the top page are errors.
const MMAP_ERROR_FLOOR = (1n << 64n) - 4096n;

/** The file an mmap of `fd` by `pid` mapped at `start` (file offset `offset`), or undefined. */
export type MmapFileLookup = (pid: number, fd: number, start: bigint, offset: number) => FdFile | undefined;

// The mapping's own file in /proc/PID/maps, else the fd's (the mapping may be gone already).
const procFileOf: MmapFileLookup = (pid, fd, start, offset) => mappedFileOf(pid, start, offset) ?? statProcFd(pid, fd);

// One resolver per capture; `fileOf` is the file lookup (injectable for tests).
export function createMmapResolver(fileOf: MmapFileLookup = procFileOf): MmapResolver {
  const pending = new Map<number, PendingMmap>();
  const open = new Map<number, OpenRange[]>();
  // Per tid: the address its next FILE fault is for (a user fault's, or its DIO's buffer).
  const faultAt = new Map<number, bigint>();
  const dioBuf = new Map<number, bigint>();
  let unresolved = 0;

  const rangeOf = (pid: number, address: bigint): { ranges: OpenRange[]; i: number } | undefined => {
    const ranges = open.get(pid);
    if (ranges === undefined) return undefined;
    for (let i = ranges.length - 1; i >= 0; i--) {
      const r = ranges[i];
      if (address >= r.start && address < r.start + BigInt(r.len)) return { ranges, i };
    }
    return undefined;
  };

  // mm_filemap_fault names the faulting page, mm_filemap_map_pages the first of a window
  // around it: the page of the address must be in [index, index + FAULT_AROUND_PAGES).
  function resolveByFault(event: TraceEvent & { kind: 'fault' }): TraceEvent | undefined {
    const address = faultAt.get(event.tid) ?? dioBuf.get(event.tid);
    faultAt.delete(event.tid);
    if (address === undefined) return undefined;
    const found = rangeOf(event.pid, address);
    if (found === undefined) return undefined;
    const r = found.ranges[found.i];
    const page = Number((BigInt(r.offset) + address - r.start) >> BigInt(PAGE_SHIFT));
    const index = event.fault.index;
    if (page < index || page >= index + FAULT_AROUND_PAGES) return undefined;
    found.ranges.splice(found.i, 1);
    unresolved--;
    const { ts, tid, cpu, comm } = r;
    return {
      ts, tid, pid: event.pid, cpu, ...(comm === undefined ? {} : { comm }),
      kind: 'mapping', mapping: { start: r.start, len: r.len, dev: event.fault.dev, ino: event.fault.ino, offset: r.offset },
    };
  }

  return {
    mmapEnter(tid, fd, flags, len, offset) {
      if (fd > MAX_FD || (flags & MAP_ANONYMOUS) !== 0n) pending.delete(tid);
      else pending.set(tid, { len, fd: Number(fd), offset });
    },
    mmapExit(place, ret) {
      const entry = pending.get(place.tid);
      pending.delete(place.tid);
      if (entry === undefined || ret >= MMAP_ERROR_FLOOR) return undefined;
      const file = fileOf(place.pid, entry.fd, ret, entry.offset);
      if (file === undefined) {
        const ranges = open.get(place.pid) ?? [];
        if (ranges.length === MAX_OPEN_RANGES) ranges.shift();
        else unresolved++;
        ranges.push({ start: ret, len: entry.len, offset: entry.offset, ts: place.ts, tid: place.tid, cpu: place.cpu, comm: place.comm });
        open.set(place.pid, ranges);
        return undefined;
      }
      return { ...place, kind: 'mapping', mapping: { start: ret, len: entry.len, dev: file.dev, ino: file.ino, offset: entry.offset } };
    },
    afterEvent(event) {
      switch (event.kind) {
        case 'fault':
          if (event.fault.source === 'USER') {
            if (open.has(event.pid)) faultAt.set(event.tid, event.fault.address);
            return undefined;
          }
          if (event.fault.source !== 'FILE' || !open.has(event.pid)) return undefined;
          return resolveByFault(event);
        case 'dioBegin':
          if (event.dioBegin.buf !== 0n) dioBuf.set(event.tid, event.dioBegin.buf);
          return undefined;
        case 'dioEnd':
          dioBuf.delete(event.tid);
          return undefined;
        case 'exit':
          faultAt.delete(event.tid);
          dioBuf.delete(event.tid);
          if (event.tid === event.pid) {
            unresolved -= open.get(event.pid)?.length ?? 0;
            open.delete(event.pid);
          }
          return undefined;
        default:
          return undefined;
      }
    },
    get unresolved() {
      return unresolved;
    },
  };
}

// The regular file open as `fd` in process `pid` now, from /proc; undefined when it is gone.
function statProcFd(pid: number, fd: number): FdFile | undefined {
  const file = fdFileOf(pid, fd);
  return file === undefined || file === NOT_A_FILE ? undefined : { dev: file.dev, ino: file.ino };
}
