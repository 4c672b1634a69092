// The binary reader against the text one, on the same events: two tracefs instances follow
// the same reproducer run (every tracepoint hit writes to both buffers), one read as
// trace_pipe text with the ftrace parser, one as trace_pipe_raw pages with the raw decoder.
// Both must give the same events, task by task in the order the task made them. Times are
// taken by each buffer on its own (and printed to the µs): they agree within a few µs, but
// for the odd event where an interrupt came between the two buffers' writes (tens of µs);
// a misread time would shift every record after it in its page.
// Page-fault addresses the text prints as kernel symbols (read as 0) are not compared, nor
// comms (the text prints the comm at the time of reading: the shell's events before its exec
// show the program's) nor the TGID of a new thread's `task` event (the text parser has not
// seen the thread yet and says its tid); both are checked on their own. Only the tasks of
// the run are compared: each buffer's pid filter lets through, on its own, the odd event of
// another task (an interrupt taken while the filter had not caught up with a task switch), and
// likewise the odd lock contention of the run's own tasks, so contention is compared by count.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { streamRawEvents } from '../../../src/collect/ftrace/raw-stream.js';
import { createMmapResolver } from '../../../src/collect/ftrace/mmap-resolver.js';
import { FAULTLINE_TRACEFS_EVENTS } from '../../../src/collect/ftrace/tracepoints.js';
import { openTracefsInstance, type TracefsInstance } from '../../../src/collect/ftrace/instance.js';
import { TRACEFS_ROOT } from '../../../src/collect/ftrace/tracefs-mount.js';
import { createTracefsTaskNames } from '../../../src/collect/ftrace/task-names.js';
import { createFtraceParser } from '../../../src/import/ftrace/ftrace-parser.js';
import { isSkip } from '../../../src/import/line-parser.js';
import type { TraceEvent } from '../../../src/trace/event.js';
import { buildReproducer, removeBuiltReproducers, type ReproducerName } from '../../helpers/live-capture.js';
import { describeLive } from '../../helpers/live-requirements.js';
import { scratchDir, type ScratchFs } from '../../helpers/live-xfs.js';

async function readText(instance: TracefsInstance): Promise<TraceEvent[]> {
  const parser = createFtraceParser();
  const events: TraceEvent[] = [];
  let lineNo = 0;
  for await (const line of instance.lines()) {
    const result = parser.parse(line, ++lineNo);
    if (result !== undefined && !isSkip(result) && result.kind !== 'lost') events.push(result);
  }
  return events;
}

async function readRaw(instance: TracefsInstance): Promise<{ events: TraceEvent[]; unknown: number }> {
  const events: TraceEvent[] = [];
  const stream = streamRawEvents(instance, {
    names: createTracefsTaskNames(TRACEFS_ROOT), mmaps: createMmapResolver(), onEvent: (e) => events.push(e),
  });
  await stream.done;
  return { events: events.filter((e) => e.kind !== 'mapping'), unknown: stream.unknown() };
}

const TS_SLACK_NS = 5_000;
const TS_INTERRUPTED_NS = 1_000_000;
// Contention events one buffer may have and the other not (BEGIN and END of a few switches).
const CONTENTION_SLACK = 8;

// Each task's events without their times, in order: a kernel-symbol fault address is
// compared only where the text gave one.
function byTask(events: readonly TraceEvent[], textual: readonly TraceEvent[], run: ReadonlySet<number>): Map<number, string[]> {
  const tasks = new Map<number, string[]>();
  const symbolic = new Set(textual.filter((e) => e.kind === 'fault' && e.fault.source !== 'FILE' && e.fault.ip === 0n).map((e) => e.tid));
  for (const event of events) {
    if (!run.has(event.tid)) continue;
    const { ts: _, ...rest } = event;
    const e = rest as Record<string, unknown>;
    if (event.kind === 'task') delete e.pid;
    delete e.comm;
    if (event.kind === 'fault' && event.fault.source !== 'FILE' && symbolic.has(event.tid)) e.fault = { ...event.fault, ip: undefined, address: undefined };
    const list = tasks.get(event.tid) ?? [];
    list.push(JSON.stringify(e, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
    tasks.set(event.tid, list);
  }
  return tasks;
}

// The tasks of the run: the shell `root` and what it forked (its fork events, in order).
function runTasks(root: number, events: readonly TraceEvent[]): Set<number> {
  const run = new Set([root]);
  for (const e of events) if (e.kind === 'task' && run.has(e.task.parentTid)) run.add(e.tid);
  return run;
}

// The time differences between the i-th events of each task of the run in the two readings.
function skews(a: readonly TraceEvent[], b: readonly TraceEvent[], run: ReadonlySet<number>): number[] {
  const times = (events: readonly TraceEvent[]): Map<number, number[]> => {
    const m = new Map<number, number[]>();
    for (const e of events) m.set(e.tid, [...(m.get(e.tid) ?? []), e.ts]);
    return m;
  };
  const tb = times(b);
  const out: number[] = [];
  for (const [tid, ts] of times(a)) if (run.has(tid)) ts.forEach((t, i) => out.push(Math.abs(t - (tb.get(tid)?.[i] ?? Infinity))));
  return out;
}

const CASES: readonly (readonly [ReproducerName, readonly string[]])[] = [['s1-aa', []], ['s2-abba', ['procs']], ['s3-ring', []]];

describeLive('streamRawEvents', ['gcc'], () => {
  let fs: ScratchFs;
  beforeAll(async () => {
    fs = await scratchDir();
  });
  afterAll(async () => {
    await fs.dispose();
    await removeBuiltReproducers();
  });

  it.each(CASES)('reads %s %j as the text parser reads the same events', async (name, args) => {
    const dir = join(fs.dir, `${name}${args.join('-')}`);
    await mkdir(dir);
    const binary = await buildReproducer(name);
    const child = execa('sh', ['-c', 'read go && exec "$0" "$@"', binary, dir, ...args], { stdin: 'pipe', reject: false });
    const options = { events: FAULTLINE_TRACEFS_EVENTS, pids: [child.pid!], bufferSizeKb: 8192 };
    const text = await openTracefsInstance(options);
    const raw = await openTracefsInstance({ ...options, raw: true });
    // Both buffers record from here on (the shell may still be starting before it).
    const bothNs = Number(process.hrtime.bigint());
    try {
      const reading = Promise.all([readText(text), readRaw(raw)]);
      child.stdin?.end('go\n');
      expect((await child).exitCode).toBe(0);
      await Promise.all([text.stop(), raw.stop()]);
      const [allText, rawRead] = await reading;
      const textEvents = allText.filter((e) => e.ts >= bothNs);
      const rawEvents = rawRead.events.filter((e) => e.ts >= bothNs);
      expect(await raw.overruns()).toBe(0);
      expect(rawRead.unknown).toBe(0);
      expect(textEvents.filter((e) => e.kind === 'dioBegin').length).toBeGreaterThan(0);
      const run = runTasks(child.pid!, textEvents);
      // A lock contention taken while the task is being switched in or out can pass one
      // buffer's pid filter and not the other's (each instance updates its own at the switch):
      // contention events are compared by count, the rest one by one.
      const contended = (events: readonly TraceEvent[]) => events.filter((e) => e.kind === 'contention' && run.has(e.tid)).length;
      expect(Math.abs(contended(rawEvents) - contended(textEvents))).toBeLessThanOrEqual(CONTENTION_SLACK);
      const uncontended = (events: readonly TraceEvent[]) => events.filter((e) => e.kind !== 'contention');
      expect(byTask(uncontended(rawEvents), textEvents, run)).toEqual(byTask(uncontended(textEvents), textEvents, run));
      const skew = skews(uncontended(rawEvents), uncontended(textEvents), run);
      expect(Math.max(...skew)).toBeLessThanOrEqual(TS_INTERRUPTED_NS);
      expect(skew.filter((d) => d > TS_SLACK_NS).length).toBeLessThanOrEqual(skew.length / 20);
      const firstDio = rawEvents.findIndex((e) => e.kind === 'dioBegin');
      expect(new Set(rawEvents.slice(firstDio).filter((e) => run.has(e.tid)).map((e) => e.comm))).toEqual(new Set([name]));
      for (const task of rawEvents.filter((e) => e.kind === 'task')) {
        const later = rawEvents.find((e) => e.tid === task.tid && e.kind !== 'task');
        if (later !== undefined) expect(task.pid, `TGID of new task ${task.tid}`).toBe(later.pid);
      }
    } finally {
      child.kill();
      await text.close();
      await raw.close();
    }
  });
});
