// What `faultline record` needs from the machine and from its target options, checked up
// front with one-line messages that say what to do.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError, UsageError } from '../trace/errors.js';

/** A comm as the kernel keeps it (TASK_COMM_LEN 16, with the NUL), limited to safe characters. */
export const COMM_PATTERN = /^[\w.-]{1,15}$/;

// Throws unless the process runs as root (bpftrace and tracefs need it).
export function requireRoot(uid: number | undefined = process.getuid?.()): void {
  if (uid !== 0) throw new EnvironmentError(`expected to run as root, got uid ${uid ?? 'unknown'}; run faultline record with sudo`);
}

// The path of the bpftrace executable on PATH.
export function findBpftrace(path: string = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'bpftrace');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new EnvironmentError('expected bpftrace on PATH, got none; install it: apt-get install bpftrace');
}

// Throws unless tracefs is mounted at `root` (its `events` directory is there).
export function requireTracefs(root = '/sys/kernel/tracing'): void {
  if (!existsSync(join(root, 'events'))) {
    throw new EnvironmentError(`expected tracefs at ${root}, got nothing mounted; mount it: mount -t tracefs nodev ${root}`);
  }
}

/** At most this many --pid processes (kernel.bt takes them as positional parameters). */
export const MAX_TARGET_PIDS = 8;

// The --pid option as a number: the process of a live process or thread id (a thread's id
// names its whole process).
export function parseTargetPid(text: string, procRoot = '/proc'): number {
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 0x3fffffff) {
    throw new UsageError(`--pid: expected a process id (a positive integer), got ${JSON.stringify(text)}`);
  }
  const pid = Number(text);
  let status: string;
  try {
    status = readFileSync(join(procRoot, String(pid), 'status'), 'utf8');
  } catch {
    throw new UsageError(`--pid: expected a running process, got no process ${pid}`);
  }
  const tgid = /^Tgid:\s*(\d+)$/m.exec(status);
  return tgid === null ? pid : Number(tgid[1]);
}

// The --pid options (each may list ids separated by commas): distinct processes, at most MAX_TARGET_PIDS.
export function parseTargetPids(texts: readonly string[], procRoot = '/proc'): number[] {
  const pids = [...new Set(texts.flatMap((t) => t.split(',')).map((t) => parseTargetPid(t.trim(), procRoot)))];
  if (pids.length > MAX_TARGET_PIDS) throw new UsageError(`--pid: expected at most ${MAX_TARGET_PIDS} processes, got ${pids.length}`);
  return pids;
}

// The --comm option: 1-15 characters of [A-Za-z0-9_.-], as it is passed to bpftrace.
export function parseTargetComm(text: string): string {
  if (!COMM_PATTERN.test(text)) {
    throw new UsageError(`--comm: expected 1-15 characters of letters, digits, _ . -, got ${JSON.stringify(text)}`);
  }
  return text;
}

// All of the machine checks for the bpftrace collectors; returns the bpftrace path.
export function checkBpftraceEnv(): string {
  requireRoot();
  const bpftrace = findBpftrace();
  requireTracefs();
  return bpftrace;
}
