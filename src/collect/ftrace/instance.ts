// A private tracefs instance (instances/NAME): its own ring buffer, events, pid filter and
// options, streamed as text lines from its trace_pipe, or as ring-buffer pages from its
// per_cpu/cpuN/trace_pipe_raw files; the global buffer is left alone. Set up in
// instance-setup.ts, read in instance-stream.ts, removed on every exit path by
// instance-cleanup.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { EnvironmentError } from '../../trace/errors.js';
import { ensureTracefs, TRACEFS_ROOT } from './tracefs-mount.js';
import { readOverruns } from './overruns.js';
import type { PageLayout } from './ring-buffer-page.js';
import { removalOnExit } from './instance-cleanup.js';
import { configureInstance, newInstanceState, type InstanceSetup, type InstanceSetupOptions } from './instance-setup.js';
import { pipeLines, rawPageReads, type RawRead } from './instance-stream.js';

export type { RawRead } from './instance-stream.js';

/** The setup options (instance-setup.ts), and the instance's name, signals and polling. */
export interface TracefsInstanceOptions extends InstanceSetupOptions {
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

  const state = newInstanceState();
  const removeSync = removalOnExit(path, state, options.handleSignals ?? true);
  let setup: InstanceSetup;
  try {
    setup = await configureInstance(path, options, state);
  } catch (error) {
    removeSync();
    throw error;
  }
  const pollMs = options.pollMs ?? 20;
  let stopping: Promise<void> | undefined;

  async function stop(): Promise<void> {
    if (state.removed) return;
    stopping ??= writeFile(`${path}/tracing_on`, '0').then(() => {
      state.stopped = true;
    });
    await stopping;
  }

  // trace_pipe is read synchronously: no read is in flight here to hold the instance.
  async function close(): Promise<void> {
    if (state.closing) return;
    state.closing = true;
    state.stopped = true;
    removeSync();
  }

  return {
    name,
    path,
    enabled: setup.enabled,
    missing: setup.missing,
    lines: () => pipeLines(state, pollMs),
    rawReads: () => rawPageReads(state, setup.pageLayout, pollMs),
    pageLayout: setup.pageLayout,
    overruns: () => readOverruns(path),
    stop,
    close,
  };
}
