// The fds of the traced processes as the ftrace reader learns them, and the proof that a
// lookup named the right file. tracefs gives a syscall's fd, not its file, so the reader asks
// /proc (proc/fd-file.ts) when it decodes the syscall, which is later than the kernel ran it:
// by then the process may have closed that fd and opened another file under its number. A
// lookup made at time L (CLOCK_MONOTONIC ns, the trace clock) names the file of a syscall at ts
// exactly when the process closed or replaced that fd at no time in (ts, L); once every record
// before L is decoded, every such close is known. So each use of a lookup is kept with its
// time, and file operations wait until their uses are decided (ftrace/file-op-gate.ts).
// Each (pid, fd) is looked up once and kept until a close, close_range, dup2/dup3, exec or the
// process's exit decoded after its lookup (one that found the fd closed, only for syscalls
// before it); a close decoded from before its lookup only moves
// where the lookup starts to be valid (it named the file opened after that close).
import { ALL_FDS, type FdFiles, type NOT_A_FILE, type OpenFile } from '../../kernel/ftrace-syscall-state.js';
import { fdFileOf } from '../proc/fd-file.js';

/** The file of (pid, fd) now, NOT_A_FILE, or undefined (closed, gone); injectable for tests. */
export type FdLookup = (pid: number, fd: number) => OpenFile | typeof NOT_A_FILE | undefined;

/** One lookup: what it found (undefined: nothing), when, and from when on it names that fd's file. */
interface Lookup {
  readonly file: OpenFile | typeof NOT_A_FILE | undefined;
  readonly lookedUpNs: number;
  validFromNs: number;
}

/** A use of a lookup by a syscall at `ts`. */
export interface FdUse { readonly lookup: Lookup; readonly ts: number }

export interface FdTable extends FdFiles {
  /** The uses fileOf made since the last call (those of the record just decoded). */
  takeUses(): readonly FdUse[];
}

/** Whether the uses named the right files: 'pending' until records up to every lookup's time are decoded. */
export function usesVerdict(uses: readonly FdUse[], decodedUpToNs: number, final = false): 'valid' | 'stale' | 'pending' {
  let pending = false;
  for (const { lookup, ts } of uses) {
    if (ts < lookup.validFromNs) return 'stale';
    if (lookup.lookedUpNs > decodedUpToNs) pending = true;
  }
  return pending && !final ? 'pending' : 'valid';
}

// One table per capture; `now` is CLOCK_MONOTONIC in ns (the trace clock "mono").
export function createFdTable(lookup: FdLookup = fdFileOf, now: () => number = monotonicNs): FdTable {
  const byPid = new Map<number, Map<number, Lookup>>();
  let uses: FdUse[] = [];
  return {
    fileOf(pid, fd, ts) {
      let fds = byPid.get(pid);
      if (fds === undefined) {
        fds = new Map();
        byPid.set(pid, fds);
      }
      let found = fds.get(fd);
      // An fd found closed at the lookup may have been opened since: it says nothing of later syscalls.
      if (found === undefined || (found.file === undefined && ts > found.lookedUpNs)) {
        found = { file: lookup(pid, fd), lookedUpNs: now(), validFromNs: -Infinity };
        fds.set(fd, found);
      }
      uses.push({ lookup: found, ts });
      return found.file;
    },
    forget(pid, from, to, ts) {
      const fds = byPid.get(pid);
      if (fds === undefined) return;
      for (const [fd, found] of fds) {
        if (fd < from || fd > to) continue;
        if (ts < found.lookedUpNs) found.validFromNs = Math.max(found.validFromNs, ts);
        else fds.delete(fd);
      }
      if (from === 0 && to >= ALL_FDS && fds.size === 0) byPid.delete(pid);
    },
    takeUses() {
      const taken = uses;
      uses = [];
      return taken;
    },
  };
}

function monotonicNs(): number {
  return Number(process.hrtime.bigint());
}
