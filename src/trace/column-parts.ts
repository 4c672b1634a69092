// A column batch as plain typed arrays: the columns of its events and the record bytes they
// came from, with each event's [start, end) in them. Everything a column batch is made of, so
// one can be moved to another thread (the arrays' buffers transferred) and rebuilt there.
import type { Batch, TraceEvent } from './event.js';
import { columnBatch, type EventColumns, type IdSpace } from './fast-event-columns.js';
import { decodeEvent, type StackLookup } from './fast-event-decoder.js';
import { WireReader } from './fast-wire-reader.js';

export interface ColumnParts {
  /** Events in the batch; the arrays may be longer. */
  readonly length: number;
  readonly code: Uint8Array;
  readonly ts: Float64Array;
  readonly tid: Int32Array;
  readonly lock: Int32Array;
  /** The Batch message's bytes, and where each event's Event message lies in them. */
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** The buffers of `parts`, to transfer them to another thread (each array must own its buffer). */
export function transferList(parts: ColumnParts): ArrayBuffer[] {
  return [parts.code, parts.ts, parts.tid, parts.lock, parts.bytes, parts.starts, parts.ends].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Where a decoder may take the arrays of a batch nobody reads any more (their buffers come back
 * from the thread that consumed it), instead of allocating new ones; undefined when there is none.
 */
export type RecycledParts = () => ColumnParts | undefined;

/**
 * The column batch of `parts` with ids in `space`; `decoded` holds events already decoded (by
 * index), the others are decoded from the bytes when first read (stack ids looked up in `stacks`).
 */
export function batchFromParts(
  parts: ColumnParts, space: IdSpace, decoded: (TraceEvent | undefined)[] = new Array(parts.length), stacks?: StackLookup,
): Batch {
  const { bytes, starts, ends } = parts;
  const events = decoded;
  events.length = parts.length;
  let reader: WireReader | undefined;
  const columns: EventColumns = {
    length: parts.length,
    space,
    code: parts.code,
    ts: parts.ts,
    tid: parts.tid,
    lock: parts.lock,
    parts,
    eventAt(i) {
      let event = events[i];
      if (event === undefined) {
        event = decodeEvent((reader ??= new WireReader()), bytes, starts[i], ends[i], stacks);
        events[i] = event;
      }
      return event;
    },
  };
  return columnBatch(events, columns);
}
