// A TraceEvent from an ftrace event's common fields and its body, for the text parser and the
// live binary reader alike.

import type { EventBody, TraceEvent } from '../../trace/event.js';

/**
 * The event of `body` at (ts, tid, pid, cpu, comm): the common fields, then kind and payload
 * (as `{ ...common, ...body }` orders them), built by property stores: spreading a second
 * object costs microseconds per event in V8.
 */
export function ftraceEventOf(ts: number, tid: number, pid: number, cpu: number, comm: string | undefined, body: EventBody): TraceEvent {
  const event: Record<string, unknown> = comm === undefined
    ? { ts, tid, pid, cpu, kind: body.kind }
    : { ts, tid, pid, cpu, comm, kind: body.kind };
  event[body.kind] = (body as unknown as Record<string, unknown>)[body.kind];
  return event as unknown as TraceEvent;
}
