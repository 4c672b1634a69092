// `export --to chrome-json`: the timeline in the Trace Event Format (chrome://tracing, older
// viewers; Perfetto opens it too). Waits are complete events on the task's thread; held locks and
// DIOs are async events (their own rows, so hand-over-hand locking need not nest); faults and
// findings are thread-scoped instants. Timestamps are microseconds.
import type { Finding } from '../detect/finding.js';
import type { Timeline, TimelineSpan } from './lock-timeline.js';
import { timelineMarks } from './timeline-marks.js';

/** One event of the Trace Event Format. */
export interface ChromeEvent {
  readonly name: string;
  readonly ph: 'M' | 'X' | 'b' | 'e' | 'i';
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly id?: string;
  readonly s?: 't';
  readonly args?: Readonly<Record<string, string | number>>;
}

/** The JSON object `{ traceEvents, displayTimeUnit }` of `timeline` and `findings`, as text. */
export function chromeTrace(timeline: Timeline, findings: readonly Finding[]): string {
  const events: ChromeEvent[] = [];
  const pidOf = (tid: number): number => timeline.tasks.get(tid)?.pid ?? tid;
  const us = (ns: number): number => ns / 1000;
  for (const task of timeline.tasks.values()) {
    if (task.tid === task.pid || !timeline.tasks.has(task.pid)) {
      events.push({ name: 'process_name', ph: 'M', pid: task.pid, tid: task.pid, args: { name: timeline.tasks.get(task.pid)?.comm || task.comm } });
    }
    events.push({ name: 'thread_name', ph: 'M', pid: task.pid, tid: task.tid, args: { name: task.comm } });
  }
  const ids = new Map<TimelineSpan, string>();
  for (const mark of timelineMarks(timeline, findings)) {
    if (mark.kind === 'instant') {
      const args = mark.flow === undefined ? undefined : { finding: mark.flow.id };
      events.push({ name: mark.name, ph: 'i', s: 't', cat: mark.category, pid: pidOf(mark.tid), tid: mark.tid, ts: us(mark.ts), ...(args ? { args } : {}) });
      continue;
    }
    const { span } = mark;
    const pid = pidOf(span.tid);
    if (span.kind === 'wait') {
      if (mark.kind === 'begin') events.push({ name: span.name, ph: 'X', cat: 'wait', pid, tid: span.tid, ts: us(span.begin), dur: us(span.end - span.begin) });
      continue;
    }
    let id = ids.get(span);
    if (id === undefined) {
      id = `0x${(ids.size + 1).toString(16)}`;
      ids.set(span, id);
    }
    const args = span.mode === undefined ? undefined : { mode: span.mode };
    events.push({
      name: span.name, ph: mark.kind === 'begin' ? 'b' : 'e', cat: span.kind, id, pid, tid: span.tid, ts: us(mark.ts),
      ...(args && mark.kind === 'begin' ? { args } : {}),
    });
  }
  return JSON.stringify({ traceEvents: events, displayTimeUnit: 'ns' });
}
