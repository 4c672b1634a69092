// Configuring a new tracefs instance: its clock and options, the pid filter, the pipes it is read
// through (opened before any event is enabled, so nothing is recorded that cannot be read), then
// each event with its filter.
import { constants, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { UsageError } from '../../trace/errors.js';
import { parseEventFormat } from './event-format.js';
import { pageLayoutOf, type PageLayout } from './ring-buffer-page.js';

/** How the instance is configured (openTracefsInstance's options but its name, signals and polling). */
export interface InstanceSetupOptions {
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
  /** Read the binary per-CPU trace_pipe_raw files (rawReads()) instead of trace_pipe (lines()); default false. */
  readonly raw?: boolean;
  /**
   * Follow every event with the kernel and the user stack of the task (options/stacktrace and
   * options/userstacktrace: kernel_stack and user_stack records); default false.
   */
  readonly stacks?: boolean;
}

/**
 * The open files and the life of an instance, shared by its setup, streams and cleanup.
 * `stopped`: tracing_on is 0 (the pipes get nothing new); `closing`: reading ends;
 * `removed`: the instance is gone (or going).
 */
export interface InstanceState {
  pipeFd: number | undefined;
  readonly rawFds: { readonly cpu: number; readonly fd: number }[];
  stopped: boolean;
  closing: boolean;
  removed: boolean;
}

/** A fresh state: nothing open, recording. */
export function newInstanceState(): InstanceState {
  return { pipeFd: undefined, rawFds: [], stopped: false, closing: false, removed: false };
}

/** What the setup found: the ring-buffer page, and the events enabled or missing on this kernel. */
export interface InstanceSetup {
  readonly pageLayout: PageLayout;
  readonly enabled: readonly string[];
  readonly missing: readonly string[];
}

/** Configures the instance at `path`, opening its pipes into `state`; the caller removes it when this throws. */
export async function configureInstance(path: string, options: InstanceSetupOptions, state: InstanceState): Promise<InstanceSetup> {
  const enabled: string[] = [];
  const missing: string[] = [];
  const pageLayout = pageLayoutOf(parseEventFormat(readFileSync(`${path}/events/header_page`, 'utf8'), 'header_page'), endianness() === 'LE');
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
  if (options.raw === true) {
    for (const entry of readdirSync(`${path}/per_cpu`)) {
      const cpu = /^cpu(\d+)$/.exec(entry);
      if (cpu === null) continue;
      state.rawFds.push({ cpu: Number(cpu[1]), fd: openSync(`${path}/per_cpu/${entry}/trace_pipe_raw`, constants.O_RDONLY | constants.O_NONBLOCK) });
    }
    state.rawFds.sort((a, b) => a.cpu - b.cpu);
  } else {
    state.pipeFd = openSync(`${path}/trace_pipe`, constants.O_RDONLY | constants.O_NONBLOCK);
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
  return { pageLayout, enabled, missing };
}

async function writeFilter(dir: string, event: string, filter: string): Promise<void> {
  try {
    await writeFile(`${dir}/filter`, filter);
  } catch (cause) {
    throw new UsageError(`expected an ftrace filter for ${event}, got "${filter}" (${String(cause)})`, { cause });
  }
}
