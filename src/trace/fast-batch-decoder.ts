// The replay path's decoder of `faultline.v1.Batch` records, written for this schema: varints
// read by hand, 64-bit lock ids as two 32-bit halves interned to dense ids (no bigint per event),
// plain lock events kept only as typed-array columns (fast-event-columns.ts), every other event
// decoded to a TraceEvent at once (fast-event-decoder.ts). protobufjs stays the reference decoder.
import type { TraceEvent } from './event.js';
import {
  columnBatch, LOCK_CODE, LOCK_MODE_SHIFT, LOCK_TRY_BIT, type EventColumns, type IdSpace,
} from './fast-event-columns.js';
import { decodeEvent } from './fast-event-decoder.js';
import { IdInterner } from './fast-id-interner.js';
import { WireReader } from './fast-wire-reader.js';
import { InvalidEventError } from './invalid-event-error.js';
import type { Batch } from './event.js';

// Tags (field number << 3 | wire type) of the fields the plain-lock scan reads.
const BATCH_EVENT_TAG = 0x0a; // Batch.events = 1, length-delimited
const TS_TAG = 0x08;
const TID_TAG = 0x10;
const PID_TAG = 0x18;
const CPU_TAG = 0x20;
const LOCK_TAG = (13 << 3) | 2; // Event.lock
const OP_TAG = 0x08;
const ID_TAG = 0x10;
const CLS_TAG = 0x1a;
const MODE_TAG = 0x20;
const TRY_TAG = 0x28;
const SUBCLASS_TAG = 0x30;
const MAX_OP = 2;
const MAX_MODE = 4;

/** Decodes the Batch records of one input; its ids are dense over the whole input. */
export interface BatchDecoder {
  readonly space: IdSpace;
  /**
   * The events of the Batch message in `body[start, end)`. WireError when the bytes are
   * malformed (skip the record); `onInvalid(i, reason)` for an event that is skipped alone
   * (no known kind, unknown enum value). `body` is copied: the caller may reuse it.
   */
  decode(body: Uint8Array, start: number, end: number, onInvalid: (event: number, reason: string) => void): Batch;
}

export function createBatchDecoder(): BatchDecoder {
  const space: IdSpace = { locks: new IdInterner(), tids: new IdInterner() };
  const r = new WireReader();

  // Events in the Batch message: one pass over the top-level tags and lengths.
  function countEvents(body: Uint8Array, start: number, end: number): number {
    r.reset(body, start, end);
    let n = 0;
    while (r.pos < end) {
      const tag = r.varint32();
      if (tag === BATCH_EVENT_TAG) n++;
      r.skip(tag & 7);
    }
    return n;
  }

  // The plain-lock code of the Event in r[pos, end) with its ts/tid/lock in the columns at `i`,
  // or 0 when the event needs a full decode.
  function scanPlainLock(end: number, columns: MutableColumns, i: number): number {
    let ts = 0;
    let tid = 0;
    let code = 0;
    while (r.pos < end) {
      const tag = r.varint32();
      switch (tag) {
        case TS_TAG: ts = r.uint64Number(); break;
        case TID_TAG: tid = r.varint32(); break;
        case PID_TAG: case CPU_TAG: r.varint32(); break;
        case LOCK_TAG: {
          if (code !== 0) return 0;
          const payloadEnd = r.delimited();
          r.end = payloadEnd;
          code = scanLockOp(payloadEnd, columns, i);
          r.end = end;
          if (code === 0) return 0;
          break;
        }
        default: return 0;
      }
    }
    if (code === 0) return 0;
    columns.ts[i] = ts;
    columns.tid[i] = space.tids.idOf(tid, 0);
    return code;
  }

  function scanLockOp(end: number, columns: MutableColumns, i: number): number {
    let op = 0;
    let mode = 0;
    let tryLock = 0;
    let lo = 0;
    let hi = 0;
    while (r.pos < end) {
      const tag = r.varint32();
      switch (tag) {
        case OP_TAG: op = r.varint32(); break;
        case ID_TAG: r.varint64(); lo = r.lo; hi = r.hi; break;
        case CLS_TAG: r.pos = r.delimited(); break;
        case MODE_TAG: mode = r.varint32(); break;
        case TRY_TAG: tryLock = r.varint32() !== 0 ? 1 : 0; break;
        case SUBCLASS_TAG: r.varint32(); break;
        default: return 0; // name, or anything unexpected: the full decoder decides
      }
    }
    if (op > MAX_OP || mode > MAX_MODE) return 0;
    columns.lock[i] = space.locks.idOf(lo, hi);
    return LOCK_CODE | op | (mode << LOCK_MODE_SHIFT) | (tryLock === 1 ? LOCK_TRY_BIT : 0);
  }

  return {
    space,
    decode(body, start, end, onInvalid) {
      const capacity = countEvents(body, start, end);
      const bytes = Buffer.from(body.subarray(start, end));
      const starts = new Int32Array(capacity);
      const ends = new Int32Array(capacity);
      const events: (TraceEvent | undefined)[] = new Array(capacity);
      const materialiser = new WireReader();
      const columns: MutableColumns = {
        length: 0,
        space,
        code: new Uint8Array(capacity),
        ts: new Float64Array(capacity),
        tid: new Int32Array(capacity),
        lock: new Int32Array(capacity),
        eventAt(i) {
          let event = events[i];
          if (event === undefined) {
            event = decodeEvent(materialiser, bytes, starts[i], ends[i]);
            events[i] = event;
          }
          return event;
        },
      };
      r.reset(bytes, 0, bytes.length);
      let n = 0;
      for (let index = 0; r.pos < bytes.length; index++) {
        const tag = r.varint32();
        if (tag !== BATCH_EVENT_TAG) {
          r.skip(tag & 7);
          index--;
          continue;
        }
        const eventEnd = r.delimited();
        const eventStart = r.pos;
        r.end = eventEnd;
        const code = scanPlainLock(eventEnd, columns, n);
        if (code !== 0) {
          columns.code[n] = code;
        } else {
          try {
            const event = decodeEvent(materialiser, bytes, eventStart, eventEnd);
            events[n] = event;
            columns.ts[n] = event.ts;
          } catch (error) {
            if (!(error instanceof InvalidEventError)) throw error;
            onInvalid(index, error.message);
            r.reset(bytes, eventEnd, bytes.length);
            continue;
          }
        }
        starts[n] = eventStart;
        ends[n] = eventEnd;
        n++;
        r.reset(bytes, eventEnd, bytes.length);
      }
      events.length = n;
      columns.length = n;
      return columnBatch(events, columns);
    },
  };
}

type MutableColumns = { -readonly [K in keyof EventColumns]: EventColumns[K] };
