// A tiny page-cache policy for engine tests (the real ones live in src/policy/): a DIO write
// holds BLOCK on its file's page cache; a file fault takes ADD on the faulted file and drops
// it; a page-cache add inside the task's own in-flight DIO of the same file is a hazard.
// It records every event it was applied to and what wouldBlock() answered.
import type { Policy } from '../../src/policy/policy.js';
import { fileKey, makeDev } from '../../src/trace/dev.js';
import type { EventBody, TraceEvent } from '../../src/trace/event.js';

export interface TinyFile { readonly dev: number; readonly ino: number }
export const FILE_A: TinyFile = { dev: makeDev(254, 0), ino: 12 };
export const FILE_B: TinyFile = { dev: makeDev(254, 0), ino: 13 };

export interface RecordingPolicy extends Policy {
  readonly applied: [string, number][];
  readonly wouldBlock: boolean[];
}

export function tinyPagecachePolicy(): RecordingPolicy {
  const applied: [string, number][] = [];
  const wouldBlock: boolean[] = [];
  const inFlight = new Map<number, { file: string; index: number; ts: number; stack: readonly bigint[] | undefined }>();
  return {
    name: 'naive',
    applied,
    wouldBlock,
    lose() {},
    releasesAfterLoss: () => 0,
    apply(event, index, sink) {
      applied.push([event.kind, index]);
      const pagecache = (dev: number, ino: number) => sink.lockId({ cls: 'pagecache', lock: fileKey(dev, ino), subclass: 0 });
      switch (event.kind) {
        case 'dioBegin':
          sink.acquire(event.tid, pagecache(event.dioBegin.dev, event.dioBegin.ino), 'BLOCK', false);
          inFlight.set(event.tid, { file: fileKey(event.dioBegin.dev, event.dioBegin.ino), index, ts: event.ts, stack: event.stack });
          return;
        case 'dioEnd':
          sink.release(event.tid, pagecache(event.dioEnd.dev, event.dioEnd.ino));
          inFlight.delete(event.tid);
          return;
        case 'fault': {
          const lock = pagecache(event.fault.dev, event.fault.ino);
          wouldBlock.push(sink.wouldBlock(event.tid, lock, 'ADD'));
          sink.acquire(event.tid, lock, 'ADD', false);
          sink.release(event.tid, lock);
          return;
        }
        case 'pagecache': {
          const dio = inFlight.get(event.tid);
          const { dev, ino } = event.pagecache;
          if (dio !== undefined && dio.file === fileKey(dev, ino)) {
            sink.hazard({
              tid: event.tid, dev, ino, dioTid: event.tid, dioEventIndex: dio.index, dioEventTs: dio.ts, dioEventStack: dio.stack,
              reason: 'page-cache add inside an in-flight DIO write',
            });
          }
          return;
        }
        default:
          return;
      }
    },
  };
}

function at(tid: number, body: EventBody): TraceEvent {
  return { ts: 0, tid, pid: tid, cpu: 0, comm: `t${tid}`, ...body };
}

export const dioBeginOn = (tid: number, f: TinyFile): TraceEvent =>
  at(tid, { kind: 'dioBegin', dioBegin: { dev: f.dev, ino: f.ino, pos: 0, len: 4096, write: true, aio: false, flags: 0, buf: 0n } });
export const dioEndOn = (tid: number, f: TinyFile): TraceEvent =>
  at(tid, { kind: 'dioEnd', dioEnd: { dev: f.dev, ino: f.ino, pos: 4096, ret: 4096, error: 0 } });
export const faultOn = (tid: number, f: TinyFile): TraceEvent =>
  at(tid, { kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: f.dev, ino: f.ino, index: 0, write: false } });
export const pageAddOn = (tid: number, f: TinyFile): TraceEvent =>
  at(tid, { kind: 'pagecache', pagecache: { op: 'ADD', dev: f.dev, ino: f.ino, index: 0, order: 0 } });

/** The events with ts set to 1000 × (position + 1) and a stack per event (for checking stacks). */
export function timed(events: readonly TraceEvent[]): TraceEvent[] {
  return events.map((e, i) => ({ ...e, ts: (i + 1) * 1000, stack: [0xffff_ffff_8100_0000n + BigInt(i)] }));
}
