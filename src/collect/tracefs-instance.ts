// A private tracefs instance (instances/NAME): its own ring buffer, events, pid filter and
// options, streamed as text lines from its trace_pipe; the global buffer is left alone.
//
// The instance is removed (events disabled, directory rmdir'd) on every exit path: close(),
// process exit (also after an uncaught exception), and SIGINT/SIGTERM while it is open.
import { closeSync, constants, existsSync, openSync, readSync, rmdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { splitLines } from '../import/split-lines.js';
import { wholeLines } from '../import/whole-lines.js';
import { EnvironmentError, UsageError } from '../trace/errors.js';
import { ensureTracefs, TRACEFS_ROOT } from './tracefs-mount.js';
import { readOverruns } from './tracefs-overruns.js';

export interface TracefsInstanceOptions {
  /** "system/event" names, e.g. FAULTLINE_TRACEFS_EVENTS. */
  readonly events: readonly string[];
  /** Per-event filters ("system/event" -> ftrace filter expression). */
  readonly filters?: Readonly<Record<string, string>>;
  /** Trace only these tids (set_event_pid); all tasks when absent. */
  readonly pids?: readonly number[];
  /** Follow children of `pids` (options/event-fork); default true. */
  readonly eventFork?: boolean;
  /** Ring buffer size per CPU, KiB; the kernel default when absent. */
  readonly bufferSizeKb?: number;
  /** Print the TGID column (options/record-tgid); default true. */
  readonly recordTgid?: boolean;
  /** Print %p pointers (lock, mm) hashed; default false: real addresses. */
  readonly hashPointers?: boolean;
  /** trace_clock; default "mono" (CLOCK_MONOTONIC, the clock of bpftrace's nsecs). */
  readonly clock?: string;
  /** Instance name; default faultline-<pid>-<n>. */
  readonly name?: string;
  /** Remove the instance on SIGINT/SIGTERM and die of the signal when no other listener is left; default true. */
  readonly handleSignals?: boolean;
  /** How long to wait when trace_pipe is empty, ms; default 20. */
  readonly pollMs?: number;
  readonly root?: string;
}

export interface TracefsInstance {
  readonly name: string;
  /** The instance directory. */
  readonly path: string;
  /** Events that were enabled, and events this kernel does not have ("system/event"). */
  readonly enabled: readonly string[];
  readonly missing: readonly string[];
  /**
   * trace_pipe as text lines, without their newline; read once (trace_pipe consumes). Ends
   * when the instance is stopped and drained, or closed.
   */
  lines(): AsyncIterable<string>;
  /**
   * trace_pipe as whole-line text, one string per read (up to PIPE_DRAIN_BYTES): lines()
   * without a string per line, for parsers that read lines in place; read once, ends alike.
   */
  texts(): AsyncIterable<string>;
  /** Events overwritten in the ring buffer so far (per_cpu/cpu*\/stats "overrun:"). */
  overruns(): Promise<number>;
  /** Stops recording (tracing_on = 0); lines() then drains what was recorded and ends. */
  stop(): Promise<void>;
  /** Stops, closes trace_pipe and removes the instance; idempotent. */
  close(): Promise<void>;
}

let instances = 0;

/** Bytes of trace_pipe read before they are handed on: ~8000 lines of ~120 bytes. */
export const PIPE_DRAIN_BYTES = 1 << 20;

/** Creates, configures and starts a tracefs instance; throws EnvironmentError when not root or no tracefs. */
export async function openTracefsInstance(options: TracefsInstanceOptions): Promise<TracefsInstance> {
  const uid = process.getuid?.();
  if (uid !== 0) throw new EnvironmentError(`expected root (uid 0) to create a tracefs instance, got uid ${uid}`);
  const root = await ensureTracefs(options.root ?? TRACEFS_ROOT);
  const name = options.name ?? `faultline-${process.pid}-${instances++}`;
  const path = `${root}/instances/${name}`;
  try {
    await mkdir(path);
  } catch (cause) {
    throw new EnvironmentError(`expected to create tracefs instance ${path}, got ${String(cause)}`, { cause });
  }

  let pipeFd: number | undefined;
  // tracing_on is 0 (trace_pipe gets nothing new), and the write that does it.
  let stopped = false;
  let stopping: Promise<void> | undefined;
  let closing = false;
  let removed = false;

  // Best-effort and synchronous, so it can run from 'exit' and signal handlers.
  const removeSync = (): void => {
    if (removed) return;
    removed = true;
    detach();
    for (const [file, value] of [['events/enable', '0'], ['tracing_on', '0']]) {
      try {
        writeFileSync(`${path}/${file}`, value);
      } catch {
        // The instance may already be gone.
      }
    }
    closing = true;
    if (pipeFd !== undefined) closeSync(pipeFd);
    pipeFd = undefined;
    rmdirRetrying(path);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    removeSync();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const handleSignals = options.handleSignals ?? true;
  function detach(): void {
    process.removeListener('exit', removeSync);
    if (handleSignals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
  process.on('exit', removeSync);
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  const enabled: string[] = [];
  const missing: string[] = [];
  try {
    await writeFile(`${path}/trace_clock`, options.clock ?? 'mono');
    await writeFile(`${path}/options/record-tgid`, options.recordTgid === false ? '0' : '1');
    await writeFile(`${path}/options/hash-ptr`, options.hashPointers === true ? '1' : '0');
    if (options.bufferSizeKb !== undefined) await writeFile(`${path}/buffer_size_kb`, String(options.bufferSizeKb));
    if (options.pids !== undefined) {
      await writeFile(`${path}/options/event-fork`, options.eventFork === false ? '0' : '1');
      await writeFile(`${path}/set_event_pid`, options.pids.join(' '));
    }
    // Opened before any event is enabled, so nothing is recorded that cannot be read.
    pipeFd = openSync(`${path}/trace_pipe`, constants.O_RDONLY | constants.O_NONBLOCK);
    for (const event of options.events) {
      const dir = `${path}/events/${event}`;
      if (!existsSync(`${dir}/enable`)) {
        missing.push(event);
        continue;
      }
      const filter = options.filters?.[event];
      if (filter !== undefined) await writeFilter(dir, event, filter);
      await writeFile(`${dir}/enable`, '1');
      enabled.push(event);
    }
  } catch (error) {
    removeSync();
    throw error;
  }

  // trace_pipe's bytes: whatever it holds, read synchronously (a read returns at most a page;
  // many in a row cost less than a thread-pool round trip each), then a poll when it is empty.
  async function* chunks(): AsyncGenerator<Buffer> {
    const fd = pipeFd;
    if (fd === undefined) return;
    const buffer = Buffer.alloc(PIPE_DRAIN_BYTES);
    while (!closing) {
      // Stopped before this drain: what it leaves is all there was.
      const last = stopped;
      let bytes: number;
      try {
        bytes = drain(fd, buffer);
      } catch (error) {
        if (removed) break;
        throw error;
      }
      if (bytes > 0) yield buffer.subarray(0, bytes);
      if (bytes < buffer.length) {
        if (last) break;
        await sleep(options.pollMs ?? 20);
      }
    }
  }

  async function* lines(): AsyncGenerator<string> {
    for await (const group of splitLines(chunks())) yield* group;
  }

  // The chunk buffer is reused: wholeLines decodes each chunk before the next read.
  const texts = (): AsyncIterable<string> => wholeLines(chunks());

  async function stop(): Promise<void> {
    if (removed) return;
    stopping ??= writeFile(`${path}/tracing_on`, '0').then(() => {
      stopped = true;
    });
    await stopping;
  }

  // trace_pipe is read synchronously: no read is in flight here to hold the instance.
  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    stopped = true;
    removeSync();
  }

  return { name, path, enabled, missing, lines, texts, overruns: () => readOverruns(path), stop, close };
}

// The kernel may hold a just-closed instance for a moment (rmdir: EBUSY); a few retries
// cover it. Synchronous, for 'exit' and signal handlers.
function rmdirRetrying(path: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      rmdirSync(path);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code !== 'EBUSY' || attempt === 20) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

// Reads trace_pipe (non-blocking) into `buffer` until it is full or trace_pipe is empty
// (EAGAIN): the bytes read, 0 when it was empty.
function drain(fd: number, buffer: Buffer): number {
  let filled = 0;
  while (filled < buffer.length) {
    let bytes: number;
    try {
      bytes = readSync(fd, buffer, filled, buffer.length - filled, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw error;
    }
    if (bytes === 0) break;
    filled += bytes;
  }
  return filled;
}

async function writeFilter(dir: string, event: string, filter: string): Promise<void> {
  try {
    await writeFile(`${dir}/filter`, filter);
  } catch (cause) {
    throw new UsageError(`expected an ftrace filter for ${event}, got "${filter}" (${String(cause)})`, { cause });
  }
}
