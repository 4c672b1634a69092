// A TraceEvent from an ftrace event's common fields and its body, for the text parser and the
// live binary reader alike.

import type { EventBody, TraceEvent } from '../trace/event.js';
import { assertUnreachable } from '../assert.js';

/**
 * The event of `body` at (ts, tid, pid, cpu, comm): the common fields, then kind and payload
 * (as `{ ...common, ...body }` orders them), built by property stores: spreading a second
 * object costs microseconds per event in V8, and a store under a computed key tens of
 * nanoseconds once events of many kinds pass through it, so each kind has a store of its own.
 */
export function ftraceEventOf(ts: number, tid: number, pid: number, cpu: number, comm: string | undefined, body: EventBody): TraceEvent {
  const event: Partial<Record<EventBody['kind'], unknown>> & Record<string, unknown> = comm === undefined
    ? { ts, tid, pid, cpu, kind: body.kind }
    : { ts, tid, pid, cpu, comm, kind: body.kind };
  switch (body.kind) {
    case 'task': event.task = body.task; break;
    case 'exit': event.exit = body.exit; break;
    case 'join': event.join = body.join; break;
    case 'lock': event.lock = body.lock; break;
    case 'contention': event.contention = body.contention; break;
    case 'mmapLock': event.mmapLock = body.mmapLock; break;
    case 'dioBegin': event.dioBegin = body.dioBegin; break;
    case 'dioEnd': event.dioEnd = body.dioEnd; break;
    case 'dioInvalidateFail': event.dioInvalidateFail = body.dioInvalidateFail; break;
    case 'fault': event.fault = body.fault; break;
    case 'pagecache': event.pagecache = body.pagecache; break;
    case 'fileOp': event.fileOp = body.fileOp; break;
    case 'lost': event.lost = body.lost; break;
    case 'mapping': event.mapping = body.mapping; break;
    default: assertUnreachable(body);
  }
  return event as unknown as TraceEvent;
}
