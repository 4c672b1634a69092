// A private tracefs instance (instances/NAME): its own ring buffer, events, pid filter and
// options, streamed as text lines from its trace_pipe, or as ring-buffer pages from its
// per_cpu/cpuN/trace_pipe_raw files; the global buffer is left alone.
//
// The instance is removed (events disabled, directory rmdir'd) on every exit path: close(),
// process exit (also after an uncaught exception), and SIGINT/SIGTERM while it is open.
import { closeSync, constants, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { splitLines } from '../../split-lines.js';
import { EnvironmentError } from '../../trace/errors.js';
import { ensureTracefs, TRACEFS_ROOT } from './tracefs-mount.js';
import { readOverruns } from './overruns.js';
import { parseEventFormat } from './event-format.js';
import { pageLayoutOf, type PageLayout } from './ring-buffer-page.js';
import { rmdirRetrying } from './instance-cleanup.js';
import { drain, drainPages, type DrainedPages } from './instance-stream.js';
import { writeFilter } from './instance-setup.js';

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
  /** Read the binary per-CPU trace_pipe_raw files (rawReads()) instead of trace_pipe (lines()); default false. */
  readonly raw?: boolean;
  /**
   * Follow every event with the kernel and the user stack of the task (options/stacktrace and
   * options/userstacktrace: kernel_stack and user_stack records); default false.
   */
  readonly stacks?: boolean;
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
   * With `raw`: each CPU's trace_pipe_raw drained in turn, CPU after CPU, as whole pages of
   * `pageLayout`; read once (it consumes), ends like lines(). A read's bytes are valid until
   * the next read is asked for.
   */
  rawReads(): AsyncIterable<RawRead>;
  /** The ring-buffer page of this kernel (events/header_page). */
  readonly pageLayout: PageLayout;
  /** Events overwritten in the ring buffer so far (per_cpu/cpu*\/stats "overrun:"). */
  overruns(): Promise<number>;
  /** Stops recording (tracing_on = 0); lines() then drains what was recorded and ends. */
  stop(): Promise<void>;
  /** Stops, closes trace_pipe and removes the instance; idempotent. */
  close(): Promise<void>;
}

/** What one drain of one CPU's trace_pipe_raw got. */
export interface RawRead {
  readonly cpu: number;
  /** Whole pages, possibly none. */
  readonly bytes: Buffer;
  /**
   * The drain emptied the CPU's buffer: it holds nothing recorded before `startedNs`. Else
   * it holds nothing unread older than the last record read.
   */
  readonly drained: boolean;
  /** CLOCK_MONOTONIC ns when the drain began. */
  readonly startedNs: number;
  /** The last CPU of a round over every CPU. */
  readonly lastOfRound: boolean;
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
  const rawFds: { readonly cpu: number; readonly fd: number }[] = [];
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
    for (const { fd } of rawFds.splice(0)) closeSync(fd);
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
  let pageLayout: PageLayout;
  try {
    pageLayout = pageLayoutOf(parseEventFormat(readFileSync(`${path}/events/header_page`, 'utf8'), 'header_page'), endianness() === 'LE');
    await writeFile(`${path}/trace_clock`, options.clock ?? 'mono');
    await writeFile(`${path}/options/record-tgid`, options.recordTgid === false ? '0' : '1');
    await writeFile(`${path}/options/hash-ptr`, options.hashPointers === true ? '1' : '0');
    if (options.stacks === true) {
      await writeFile(`${path}/options/stacktrace`, '1');
      await writeFile(`${path}/options/userstacktrace`, '1');
    }
    if (options.bufferSizeKb !== undefined) await writeFile(`${path}/buffer_size_kb`, String(options.bufferSizeKb));
    if (options.pids !== undefined) {
      await writeFile(`${path}/options/event-fork`, options.eventFork === false ? '0' : '1');
      await writeFile(`${path}/set_event_pid`, options.pids.join(' '));
    }
    // Opened before any event is enabled, so nothing is recorded that cannot be read.
    if (options.raw === true) {
      for (const entry of readdirSync(`${path}/per_cpu`)) {
        const cpu = /^cpu(\d+)$/.exec(entry);
        if (cpu === null) continue;
        rawFds.push({ cpu: Number(cpu[1]), fd: openSync(`${path}/per_cpu/${entry}/trace_pipe_raw`, constants.O_RDONLY | constants.O_NONBLOCK) });
      }
      rawFds.sort((a, b) => a.cpu - b.cpu);
    } else {
      pipeFd = openSync(`${path}/trace_pipe`, constants.O_RDONLY | constants.O_NONBLOCK);
    }
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

  // Every CPU in turn, each up to PIPE_DRAIN_BYTES; the next round at once when a CPU had
  // more than that, else after a poll interval.
  async function* rawReads(): AsyncGenerator<RawRead> {
    const buffer = Buffer.alloc(Math.max(pageLayout.size, PIPE_DRAIN_BYTES - (PIPE_DRAIN_BYTES % pageLayout.size)));
    while (!closing) {
      const last = stopped;
      let behind = false;
      for (const [i, { cpu, fd }] of rawFds.entries()) {
        const startedNs = Number(process.hrtime.bigint());
        let drained: DrainedPages;
        try {
          drained = drainPages(fd, buffer, pageLayout, last);
        } catch (error) {
          if (removed) return;
          throw error;
        }
        behind ||= drained.bytes === buffer.length;
        yield { cpu, bytes: buffer.subarray(0, drained.bytes), drained: drained.empty, startedNs, lastOfRound: i === rawFds.length - 1 };
        if (closing) return;
      }
      if (!behind) {
        if (last) break;
        await sleep(options.pollMs ?? 20);
      }
    }
  }

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

  return { name, path, enabled, missing, lines, rawReads, pageLayout, overruns: () => readOverruns(path), stop, close };
}
