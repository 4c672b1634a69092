// Traces whose policies disagree from a chosen event on: a generated lock trace with the seed's
// S1 (AA under naive) and S2 (AB/BA under naive and fdm) samples put in after its first events.
import { openInput } from '../../src/input/open-input.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { writeTrace } from '../../src/trace/trace-writer.js';
import { timed, traceHeader } from './trace-builders.js';
import { readAllEvents } from './trace-files.js';

/** The same events with every task id moved by `by` (so a scenario's tasks are new to a trace). */
export function shiftTasks(events: readonly TraceEvent[], by: number): TraceEvent[] {
  return events.map((e) => {
    const moved = { ...e, tid: e.tid + by, pid: e.pid + by } as TraceEvent;
    if (moved.kind === 'task' && moved.task.parentTid !== 0) return { ...moved, task: { ...moved.task, parentTid: moved.task.parentTid + by } };
    if (moved.kind === 'join') return { ...moved, join: { joinedTid: moved.join.joinedTid + by } };
    return moved;
  });
}

/** Writes to `path` `lockEvents` with S1 and S2 after the first `at` of them (ts renumbered), in batches of `batchSize`. */
export async function writeWithScenarios(path: string, lockEvents: readonly TraceEvent[], at: number, batchSize: number): Promise<void> {
  const s1 = shiftTasks(await readAllEvents(await openInput('traces/s1-aa.pb')), 50_000);
  const s2 = shiftTasks(await readAllEvents(await openInput('traces/s2-abba-overlap.pb')), 60_000);
  const events = timed([...lockEvents.slice(0, at), ...s1, ...s2, ...lockEvents.slice(at)]);
  await writeTrace(path, traceHeader(), events, { batchSize });
}
