// The ftrace collector of `faultline record`: faultline's tracepoints through a private tracefs
// instance, its per-CPU trace_pipe_raw pages read as binary records (no text formatting in
// the kernel, no text parsing here), mmap syscalls resolved to mappings, and ring-buffer
// overruns turned into `lost` events: where the pages show the gap (the kernel flags the page
// read after one, with its count), and what per_cpu/*/stats counts beyond, when it stops. The
// CPUs' records are merged into time order before they are decoded (ftrace-raw-stream).
//
// Target: pids go to set_event_pid as every thread they have, with event-fork (the tree they
// create from now on; threads made during the attach are added after it); a comm
// becomes a `comm == "NAME"` filter on every event; no target traces every task except
// faultline itself and what it forks (set_event_notrace_pid with event-fork), or reading
// the ring buffer would record its own reads without end. Instances left by killed recordings
// are removed first.
import { writeFile } from 'node:fs/promises';
import type { TraceEvent } from '../../trace/event.js';
import { streamRawEvents, type RawStream } from './raw-stream.js';
import { followNewThreads, threadsOf } from '../proc/process-threads.js';
import { createMmapResolver } from './mmap-resolver.js';
import { createFdTable } from './fd-table.js';
import { createTracefsTaskNames } from './task-names.js';
import type { EventSink, RecordSource, RecordTarget } from '../source.js';
import { FAULTLINE_TRACEFS_EVENTS } from './tracepoints.js';
import { openTracefsInstance } from './instance.js';
import { pollOverruns } from './overrun-poll.js';
import { stopOnce } from './stop-once.js';
import { ensureTracefs } from './tracefs-mount.js';
import { removeStaleInstances } from './stale-instances.js';

/** Ring buffer per CPU, KiB: 50 k events/s of ~70-byte records for ~2 s of reader stall. */
export const FTRACE_BUFFER_KB = 8192;
/** Events of tasks not (yet) known to be traced that are kept for their fork event to come. */
const UNTRACED_KEPT = 4096;

// Opens the instance (events enabled, filters set) and starts reading; resolves when attached.
export async function startFtraceSource(target: RecordTarget, sink: EventSink): Promise<RecordSource> {
  const filters = target.comm === undefined
    ? undefined
    : Object.fromEntries(FAULTLINE_TRACEFS_EVENTS.map((event) => [event, `comm == "${target.comm}"`]));
  const threads = target.pids === undefined ? undefined : threadsOf(target.pids);
  // set_event_pid is applied per CPU at context switches, so a few events of other tasks (idle,
  // kworkers, faultline) pass around them: only the traced tasks and their descendants are kept.
  // With stacks an event waits for its stack records, so a new task's first events can come
  // before the fork event that makes it traced: the latest events of untraced tasks are kept a
  // while (UNTRACED_KEPT) and passed on if their task turns out to be traced.
  const traced = threads === undefined ? undefined : new Set(threads);
  const untraced: TraceEvent[] = [];
  const onEvent = traced === undefined ? sink : (event: TraceEvent): void => {
    if (event.kind === 'task' && traced.has(event.task.parentTid) && !traced.has(event.tid)) {
      traced.add(event.tid);
      let kept = 0;
      for (const e of untraced) {
        if (e.tid === event.tid) sink(e);
        else untraced[kept++] = e;
      }
      untraced.length = kept;
    }
    if (traced.has(event.tid) || event.kind === 'lost') {
      sink(event);
      return;
    }
    untraced.push(event);
    if (untraced.length > UNTRACED_KEPT) untraced.shift();
  };
  const root = await ensureTracefs();
  removeStaleInstances(root);
  const instance = await openTracefsInstance({
    events: FAULTLINE_TRACEFS_EVENTS,
    pids: threads,
    filters,
    bufferSizeKb: FTRACE_BUFFER_KB,
    handleSignals: false,
    raw: true,
    stacks: target.stacks === true,
  });
  if (target.pids !== undefined) {
    try {
      for (const tid of await followNewThreads(instance.path, target.pids, threads ?? [])) traced?.add(tid);
    } catch (error) {
      await instance.close();
      throw error;
    }
  }
  if (target.pids === undefined && target.comm === undefined) {
    try {
      await writeFile(`${instance.path}/options/event-fork`, '1');
      await writeFile(`${instance.path}/set_event_notrace_pid`, String(process.pid));
    } catch (error) {
      await instance.close();
      throw error;
    }
  }

  let watermarkNs = 0;
  let stream: RawStream;
  const files = createFdTable();
  try {
    stream = streamRawEvents(instance, {
      names: createTracefsTaskNames(root), mmaps: createMmapResolver(), files, onEvent, onWatermark: (ns) => (watermarkNs = ns),
      stacks: target.stacks === true,
    });
  } catch (error) {
    await instance.close();
    throw error;
  }
  // Overruns are told where the pages show them (raw-stream.ts); the rest when it stops.
  const overruns = pollOverruns(instance, sink, 'ftrace overrun', () => stream.lostCounted());
  // Events whose format does not fit are recorded without, as missing ones are.
  const unsupported = stream.unsupported.map((u) => u.event);
  for (const event of unsupported) await writeFile(`${instance.path}/events/${event}/enable`, '0').catch(() => undefined);
  const missing = [...instance.missing, ...unsupported];
  const reading = stream.done.then(
    () => undefined,
    (error: unknown) => `ftrace: reading trace_pipe_raw failed: ${(error as Error).message}`,
  );

  const stop = stopOnce(instance, reading, overruns, () => instance.close());
  const ended = reading.then(async (why) => {
    // A reader that failed on its own still releases the instance.
    if (why !== undefined) await stop();
    return why;
  });

  return {
    name: 'ftrace',
    meta: {
      'ftrace.instance': instance.name,
      'ftrace.events': instance.enabled.filter((e) => !unsupported.includes(e)).join(','),
      'ftrace.missing': missing.join(','),
      ...(unsupported.length === 0 ? {} : { 'ftrace.unsupported': stream.unsupported.map((u) => u.why).join('; ') }),
      'ftrace.bufferKb': String(FTRACE_BUFFER_KB),
      'ftrace.stacks': target.stacks === true ? '1' : '0',
    },
    missing,
    ended,
    stop,
    unreadable: stream.unknown,
    fileOpsUnrecorded: stream.fileOpsUnrecorded,
    watermark: () => watermarkNs,
  };
}

