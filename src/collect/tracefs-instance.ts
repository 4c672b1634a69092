// A private tracefs instance (instances/NAME): its own ring buffer, events, pid filter and
// options, streamed as text lines from its trace_pipe; the global buffer is left alone.
//
// The instance is removed (events disabled, directory rmdir'd) on every exit path: close(),
// process exit (also after an uncaught exception), and SIGINT/SIGTERM while it is open.
import { closeSync, constants, existsSync, openSync, read, rmdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
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
  /** Events overwritten in the ring buffer so far (per_cpu/cpu*\/stats "overrun:"). */
  overruns(): Promise<number>;
  /** Stops recording (tracing_on = 0); lines() then drains what was recorded and ends. */
  stop(): Promise<void>;
  /** Stops, closes trace_pipe and removes the instance; idempotent. */
  close(): Promise<void>;
}

let instances = 0;

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
  let stopped = false;
  let closing = false;
  let removed = false;
  let reading: Promise<number> = Promise.resolve(0);

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

  async function* lines(): AsyncGenerator<string> {
    const fd = pipeFd;
    if (fd === undefined) return;
    const buffer = Buffer.alloc(1 << 16);
    let partial = '';
    while (!closing) {
      const pending = readSome(fd, buffer);
      reading = pending;
      const bytes = await pending.catch((error: unknown) => {
        if (removed) return -1;
        throw error;
      });
      if (bytes < 0) break;
      if (bytes === 0) {
        if (stopped) break;
        await sleep(options.pollMs ?? 20);
        continue;
      }
      const text = partial + buffer.toString('utf8', 0, bytes);
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) yield line;
    }
    if (partial !== '') yield partial;
  }

  async function stop(): Promise<void> {
    if (stopped || removed) return;
    stopped = true;
    await writeFile(`${path}/tracing_on`, '0');
  }

  // The read in flight is waited for, so trace_pipe is closed before the rmdir (an open
  // trace_pipe holds the instance: rmdir fails with EBUSY).
  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    stopped = true;
    await reading.catch(() => undefined);
    removeSync();
  }

  return { name, path, enabled, missing, lines, overruns: () => readOverruns(path), stop, close };
}

// A read of trace_pipe still in flight in another thread holds the instance for a moment
// (rmdir: EBUSY); a few retries cover it. Synchronous, for 'exit' and signal handlers.
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

// One non-blocking read of trace_pipe: bytes read, 0 when it is empty (EAGAIN).
function readSome(fd: number, buffer: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, 0, buffer.length, null, (error, bytesRead) => {
      if (error === null) resolve(bytesRead);
      else if (error.code === 'EAGAIN') resolve(0);
      else reject(error);
    });
  });
}

async function writeFilter(dir: string, event: string, filter: string): Promise<void> {
  try {
    await writeFile(`${dir}/filter`, filter);
  } catch (cause) {
    throw new UsageError(`expected an ftrace filter for ${event}, got "${filter}" (${String(cause)})`, { cause });
  }
}
