// The ftrace collector of `faultline record`: faultline's tracepoints through a private tracefs
// instance, its trace_pipe read with the ftrace text parser, mmap lines resolved to mappings,
// and ring-buffer overruns (per_cpu/*/stats) turned into `lost` events.
//
// Target: a pid goes to set_event_pid with event-fork (the tree it forks from now on); a comm
// becomes a `comm == "NAME"` filter on every event; no target traces every task except
// faultline itself and what it forks (set_event_notrace_pid with event-fork), or reading
// trace_pipe would record its own reads without end. Instances left by killed recordings
// are removed first.
import { writeFile } from 'node:fs/promises';
import { isSkip } from '../import/line-parser.js';
import { createFtraceParser } from '../import/ftrace/ftrace-parser.js';
import { createFinder } from '../import/ftrace/ftrace-scan.js';
import { endOfLine } from '../import/whole-lines.js';
import { createMmapResolver } from './record-mmap-resolver.js';
import type { EventSink, RecordSource, RecordTarget } from './record-source.js';
import { FAULTLINE_TRACEFS_EVENTS } from './tracefs-events.js';
import { openTracefsInstance } from './tracefs-instance.js';
import { ensureTracefs } from './tracefs-mount.js';
import { removeStaleInstances } from './record-stale-instances.js';

/** Ring buffer per CPU, KiB: 50 k events/s of ~120-byte lines for ~1 s of reader stall. */
export const FTRACE_BUFFER_KB = 8192;
const OVERRUN_POLL_MS = 500;
/** A reader that got no line for this long has drained trace_pipe (it polls every 20 ms). */
const IDLE_MS = 60;

// Opens the instance (events enabled, filters set) and starts reading; resolves when attached.
export async function startFtraceSource(target: RecordTarget, sink: EventSink): Promise<RecordSource> {
  const filters = target.comm === undefined
    ? undefined
    : Object.fromEntries(FAULTLINE_TRACEFS_EVENTS.map((event) => [event, `comm == "${target.comm}"`]));
  removeStaleInstances(await ensureTracefs());
  const instance = await openTracefsInstance({
    events: FAULTLINE_TRACEFS_EVENTS,
    pids: target.pid === undefined ? undefined : [target.pid],
    filters,
    bufferSizeKb: FTRACE_BUFFER_KB,
    handleSignals: false,
  });
  if (target.pid === undefined && target.comm === undefined) {
    try {
      await writeFile(`${instance.path}/options/event-fork`, '1');
      await writeFile(`${instance.path}/set_event_notrace_pid`, String(process.pid));
    } catch (error) {
      await instance.close();
      throw error;
    }
  }

  const parser = createFtraceParser();
  const mmaps = createMmapResolver();
  let overruns = 0;
  let unreadable = 0;
  // The ts of the last line read, and when (ms): a busy reader may be behind the clock.
  let lastLineTs = 0;
  let lastLineAt = 0;
  const emitOverruns = async (): Promise<void> => {
    const total = await instance.overruns().catch(() => overruns);
    if (total > overruns) {
      sink({ ts: nowNs(), tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count: total - overruns, source: 'ftrace overrun' } });
      overruns = total;
    }
  };
  const poll = setInterval(() => void emitOverruns(), OVERRUN_POLL_MS);
  poll.unref();

  // trace_pipe read as whole-line text, each line parsed in place; only mmap lines (found by
  // one search through the text) are cut out, for the mmap resolver.
  const findMmap = createFinder(' sys_mmap');
  const readLine = (text: string, start: number, end: number, lineNo: number): void => {
    const mmapAt = findMmap(text, start);
    if (mmapAt >= 0 && mmapAt < end) {
      const mapping = mmaps.observe(text.slice(start, end));
      if (mapping !== undefined) sink(mapping);
    }
    const result = parser.parseAt(text, start, end, lineNo);
    if (result === undefined) return;
    if (isSkip(result)) unreadable++;
    // trace_pipe's "[LOST n EVENTS]" lines repeat the overruns counted from per_cpu stats.
    else if (result.kind !== 'lost') {
      lastLineTs = result.ts;
      sink(result);
      const resolved = mmaps.afterEvent(result);
      if (resolved !== undefined) sink(resolved);
    }
  };
  const reading = (async (): Promise<string | undefined> => {
    let lineNo = 0;
    try {
      for await (const text of instance.texts()) {
        lastLineAt = Date.now();
        for (let start = 0; start < text.length;) {
          let newline = text.indexOf('\n', start);
          if (newline < 0) newline = text.length;
          readLine(text, start, endOfLine(text, start, newline), ++lineNo);
          start = newline + 1;
        }
      }
      return undefined;
    } catch (error) {
      return `ftrace: reading trace_pipe failed: ${(error as Error).message}`;
    }
  })();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await instance.stop().catch(() => undefined);
      await reading;
      clearInterval(poll);
      await emitOverruns();
      await instance.close();
    })();
    return stopping;
  };
  const ended = reading.then(async (why) => {
    // A reader that failed on its own still releases the instance.
    if (why !== undefined) await stop();
    return why;
  });

  return {
    name: 'ftrace',
    meta: {
      'ftrace.instance': instance.name,
      'ftrace.events': instance.enabled.join(','),
      'ftrace.missing': instance.missing.join(','),
      'ftrace.bufferKb': String(FTRACE_BUFFER_KB),
    },
    missing: instance.missing,
    ended,
    stop,
    unreadable: () => unreadable,
    watermark: () => (Date.now() - lastLineAt > IDLE_MS ? nowNs() : lastLineTs),
  };
}

// CLOCK_MONOTONIC in ns, the instance's trace_clock ("mono").
function nowNs(): number {
  return Number(process.hrtime.bigint());
}
