// The command line of a bpftrace collector. User input never becomes program text: the target
// pid, comm and stack switch are positional parameters ($1 $2 $3 of the script), validated;
// pthread.bt takes a fourth, whether lock objects are read (its LAYOUT); up to seven more pids
// follow.
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
  /** Perf ring-buffer pages per CPU (bpftrace's default is 64). */
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
 * Perf ring-buffer pages per CPU (4 MiB at 1024): pthread.bt prints every lock call (ten threads'
 * 40,000 rwlock calls arrive faster than bpftrace prints them); kernel.bt prints every event,
 * and a loaded machine can leave bpftrace and its reader without a CPU for seconds (at 256
 * pages, an attached S2 loop's ~7,000 page-cache events a second lost 1,500-7,400 of them in 3 s
 * beside a concurrent recording and three busy loops on 2 CPUs).
 */
export const DEFAULT_BUFFER_PAGES: Readonly<Record<BpftraceScript, number>> = { kernel: 1024, pthread: 1024 };

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
      BPFTRACE_PERF_RB_PAGES: String(target.bufferPages ?? DEFAULT_BUFFER_PAGES[target.script]),
      // Every map's capacity (traced processes, syscalls in flight per thread).
      BPFTRACE_MAP_KEYS_MAX: String(target.mapKeys ?? MAP_KEYS_MAX),
      // User stacks are printed as addresses and symbolized by faultline from /proc/PID/maps.
      BPFTRACE_NO_USER_SYMBOLS: '1',
    },
  };
}
