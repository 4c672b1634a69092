// The command line of a bpftrace collector. User input never becomes program text: the target
// pid, comm and stack switch are positional parameters ($1 $2 $3 of the script), validated;
// pthread.bt takes a fourth, whether lock objects are read (its LAYOUT); up to seven more pids
// follow.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { assert } from '../../assert.js';
import { COMM_PATTERN, MAX_TARGET_PIDS } from '../collect-env.js';

export type BpftraceScript = 'kernel' | 'pthread';

export interface BpftraceTarget {
  readonly script: BpftraceScript;
  /** Trace these processes (every thread) and what they create; validated by parseTargetPids. */
  readonly pids?: readonly number[];
  /** With no pid: trace tasks of this comm; validated by parseTargetComm. */
  readonly comm?: string;
  readonly stacks?: boolean;
  /** pthread: read lock kinds from lock objects (libc-lock-layout.ts). */
  readonly lockLayout?: boolean;
  /** Perf ring-buffer pages per CPU (bpftrace's default is 64; faultline's defaultBufferPages()). */
  readonly bufferPages?: number;
  /** Entries per bpftrace map (default MAP_KEYS_MAX). */
  readonly mapKeys?: number;
}

export interface BpftraceInvocation {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly scriptPath: string;
}

/**
 * Perf ring-buffer memory over all CPUs by default. bpftrace prints each event in about 15 µs,
 * slower than bursts arrive, so a burst is kept whole only when the buffer holds it:
 * pthread.bt prints every lock call (a program starting 32,429 threads in turn, each taking 3
 * mutexes, lost 138,853 of 356,738 events at 4 MiB per CPU and none at 32 MiB), and kernel.bt
 * every event, while a loaded machine can leave bpftrace and its reader without a CPU for seconds
 * (at 1 MiB per CPU an attached S2 loop's ~7,000 page-cache events a second lost 1,500-7,400 of
 * them in 3 s beside a concurrent recording and three busy loops on 2 CPUs).
 */
export const BUFFER_BUDGET_MIB = 64;

/** Perf ring-buffer pages per CPU at least (4 MiB) and at most (32 MiB). */
export const MIN_BUFFER_PAGES = 1024;
export const MAX_BUFFER_PAGES = 8192;

/** Pages per CPU (a power of two, as perf asks) sharing BUFFER_BUDGET_MIB among `cpus` CPUs, within the bounds above. */
export function defaultBufferPages(cpus: number): number {
  const share = (BUFFER_BUDGET_MIB << 20) / Math.max(1, cpus) / 4096;
  const pages = 2 ** Math.floor(Math.log2(Math.max(1, share)));
  return Math.min(MAX_BUFFER_PAGES, Math.max(MIN_BUFFER_PAGES, pages));
}

/** Entries per bpftrace map (bpftrace's default is 4096). */
export const MAP_KEYS_MAX = 32768;

/** collectors/NAME.bt, from src/collect or dist/collect alike. */
export function scriptPath(script: BpftraceScript): string {
  return fileURLToPath(new URL(`../../../collectors/${script}.bt`, import.meta.url));
}

// argv and environment for `bpftrace`; asserts the target was validated.
export function bpftraceInvocation(target: BpftraceTarget): BpftraceInvocation {
  const [pid = 0, ...more] = target.pids ?? [];
  const comm = target.comm ?? '';
  for (const p of [pid, ...more]) assert(Number.isSafeInteger(p) && p >= 0, `pid must be validated, got ${p}`);
  assert(more.length < MAX_TARGET_PIDS, `pids must be validated (at most ${MAX_TARGET_PIDS}), got ${more.length + 1}`);
  assert(comm === '' || COMM_PATTERN.test(comm), `comm must be validated, got ${JSON.stringify(comm)}`);
  const path = scriptPath(target.script);
  return {
    scriptPath: path,
    // pthread.bt takes the lock-layout switch as $4 and further pids from $5; kernel.bt further
    // pids from $4.
    args: [
      '-f', 'json', '--no-warnings', path, String(pid), comm, target.stacks === true ? '1' : '0',
      ...(target.script === 'pthread' ? [target.lockLayout === true ? '1' : '0'] : []),
      ...more.map(String),
    ],
    env: {
      BPFTRACE_PERF_RB_PAGES: String(target.bufferPages ?? defaultBufferPages(cpus().length)),
      // Every map's capacity (traced processes, syscalls in flight per thread).
      BPFTRACE_MAP_KEYS_MAX: String(target.mapKeys ?? MAP_KEYS_MAX),
      // User stacks are printed as addresses and symbolized by faultline from /proc/PID/maps.
      BPFTRACE_NO_USER_SYMBOLS: '1',
    },
  };
}
