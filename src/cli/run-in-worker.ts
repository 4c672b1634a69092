// A command body run in a worker thread, where running out of memory can be observed: V8 cannot
// recover from heap exhaustion in the thread that hits it, but a worker's ends only the worker
// (ERR_WORKER_OUT_OF_MEMORY), and this thread turns it into one line and exit 2. The worker's
// heap limit is the process's (--max-old-space-size in NODE_OPTIONS raises both), or half an
// address-space limit (worker-heap-limit.ts).
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { EnvironmentError, InputError, UsageError } from '../trace/errors.js';
import { workerHeapLimitMb } from './worker-heap-limit.js';

/**
 * A worker's code space: V8 reserves 512 MiB of address space for it by default, which under a
 * 2 GiB address cap (ulimit -v) leaves too little for a second worker (the .pb decoder). The
 * replay's compiled code takes a few MiB.
 */
export const WORKER_CODE_RANGE_MB = 32;

/** The worker's last message: the body's exit code, or the error it threw. */
export type WorkerOutcome =
  | { readonly kind: 'done'; readonly code: number }
  | { readonly kind: 'error'; readonly name: string; readonly message: string; readonly file?: string };

// RangeErrors of an allocation that failed (typed arrays live outside the heap).
const ALLOCATION_FAILED_RE = /allocation failed|Invalid (?:typed )?array length|maximum size exceeded/i;

// The error a worker's message stands for: the same expected-failure class, so cli/ reports it.
function errorOf(outcome: Extract<WorkerOutcome, { kind: 'error' }>, file: string): Error {
  switch (outcome.name) {
    case 'InputError': {
      const at = outcome.file ?? file;
      return new InputError(at, outcome.message.startsWith(`${at}: `) ? outcome.message.slice(at.length + 2) : outcome.message);
    }
    case 'UsageError': return new UsageError(outcome.message);
    case 'EnvironmentError': return new EnvironmentError(outcome.message);
    case 'RangeError':
      if (ALLOCATION_FAILED_RE.test(outcome.message)) return new InputError(file, `out of memory replaying it: ${outcome.message}`);
      return new Error(outcome.message);
    default: return new Error(outcome.message);
  }
}

/**
 * What a worker's 'error' event stands for: running out of memory replaying `file` is an
 * InputError naming the worker's heap limit (`heapMb`, or this thread's).
 */
export function crashError(error: Error & { code?: string }, file: string, heapMb?: number): Error {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limit = heapMb ?? Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
    return new InputError(file, `out of memory replaying it (heap limit ${limit} MiB; NODE_OPTIONS=--max-old-space-size=<MiB> sets it)`);
  }
  return ALLOCATION_FAILED_RE.test(error.message) ? new InputError(file, `out of memory replaying it: ${error.message}`) : error;
}

/**
 * Runs the worker `script` with `data` and resolves to its body's exit code; its errors reject
 * as they were thrown, and heap exhaustion as an InputError about `file`. For `file` '-' the
 * process's stdin is the worker's.
 */
export function runInWorker(script: URL, data: unknown, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const heapMb = workerHeapLimitMb(readLimits(), `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`);
    const resourceLimits = { codeRangeSizeMb: WORKER_CODE_RANGE_MB, ...(heapMb === undefined ? {} : { maxOldGenerationSizeMb: heapMb }) };
    const worker = new Worker(script, { workerData: data, stdin: file === '-', resourceLimits });
    if (worker.stdin !== null) process.stdin.pipe(worker.stdin);
    let outcome: WorkerOutcome | undefined;
    let crash: Error | undefined;
    worker.on('message', (message: WorkerOutcome) => { outcome = message; });
    worker.on('error', (error: Error) => {
      crash = crashError(error, file, heapMb);
    });
    // 'exit' comes last, after the worker's stdout was handed on.
    worker.on('exit', (code) => {
      if (worker.stdin !== null) process.stdin.unpipe(worker.stdin);
      if (crash !== undefined) reject(crash);
      else if (outcome?.kind === 'done') resolve(outcome.code);
      else if (outcome?.kind === 'error') reject(errorOf(outcome, file));
      else reject(new Error(`worker exited with code ${code} and no result`));
    });
  });
}

// The process's resource limits (none where /proc is not there).
function readLimits(): string {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return '';
  }
}
