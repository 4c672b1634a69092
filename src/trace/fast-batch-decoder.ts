// The replay path's decoder of `faultline.v1.Batch` records, written for this schema: varints
// read by hand, 64-bit lock ids as two 32-bit halves interned to dense ids (no bigint per event),
// plain lock events kept only as typed-array columns (fast-event-columns.ts), every other event
// decoded to a TraceEvent at once (fast-event-decoder.ts). protobufjs stays the reference decoder.
import type { TraceEvent } from './event.js';
import { batchFromParts, type ColumnParts, type RecycledParts } from './column-parts.js';
import { LOCK_CODE, LOCK_MODE_SHIFT, LOCK_TRY_BIT, type IdSpace } from './fast-event-columns.js';
import { decodeEvent, type StackLookup } from './fast-event-decoder.js';
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
// ACQUIRE, RELEASE, TRY_FAILED; FAILED, INIT and DESTROY (and any `type`) take the event path.
const MAX_OP = 2;
const MAX_MODE = 4;
const TID_CACHE = 4096;

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

/**
 * `recycled`: arrays to reuse when they are long enough (decode-worker.ts gets them back);
 * `stacks`: the trace's stack table, for events that refer to a stack by id.
 */
export function createBatchDecoder(recycled?: RecycledParts, stacks?: StackLookup): BatchDecoder {
  const space: IdSpace = { locks: new IdInterner(), tids: new IdInterner() };
  const r = new WireReader();

  // Small tids map to their dense id directly (most events of a trace come from few tasks).
  const tidCacheKey = new Int32Array(TID_CACHE).fill(-1);
  const tidCacheId = new Int32Array(TID_CACHE);

  function tidId(tid: number): number {
    const slot = tid & (TID_CACHE - 1);
    if (tidCacheKey[slot] === tid) return tidCacheId[slot];
    const id = space.tids.idOf(tid, 0);
    tidCacheKey[slot] = tid;
    tidCacheId[slot] = id;
    return id;
  }

  // Events in the Batch message: one pass over the top-level tags and lengths.
  function countEvents(body: Uint8Array, start: number, end: number): number {
    let n = 0;
    let pos = start;
    while (pos < end) {
      const eventEnd = shortEventEnd(body, pos, end);
      if (eventEnd >= 0) {
        n++;
        pos = eventEnd;
        continue;
      }
      r.reset(body, pos, end);
      const tag = r.varint32();
      if (tag === BATCH_EVENT_TAG) n++;
      r.skip(tag & 7);
      pos = r.pos;
    }
    return n;
  }

  // The plain-lock code of the Event in buf[pos, end) with its ts/tid/lock written to the
  // columns at `i`, or 0 when the event needs the full decoder (which also reports malformed
  // bytes). One function with local cursors: varints read inline, no call per field. A read
  // past `end` yields 0 bytes (undefined & 0x7f) and is caught by the bounds check at the end.
  function scanPlainLock(buf: Uint8Array, pos: number, end: number, columns: ScanColumns, i: number): number {
    let ts = 0;
    let tid = 0;
    let code = 0;
    let op = 0;
    let mode = 0;
    let tryBit = 0;
    let lo = 0;
    let hi = 0;
    let b = 0;
    while (pos < end) {
      const tag = buf[pos++];
      switch (tag) {
        case TS_TAG: {
          // uint64 as a number: exact below 2^53 (ns timestamps).
          let scale = 1;
          ts = 0;
          do { b = buf[pos++]; ts += (b & 0x7f) * scale; scale *= 128; } while (b >= 0x80 && scale < 2 ** 63);
          if (b >= 0x80) return 0;
          break;
        }
        case TID_TAG: case PID_TAG: case CPU_TAG: {
          let value = 0;
          let shift = 0;
          do { b = buf[pos++]; value |= (b & 0x7f) << shift; shift += 7; } while (b >= 0x80 && shift < 35);
          if (b >= 0x80) return 0; // negative or oversized: the full decoder decides
          if (tag === TID_TAG) tid = value >>> 0;
          break;
        }
        case LOCK_TAG: {
          if (code !== 0) return 0;
          const length = buf[pos++];
          if (length >= 0x80) return 0;
          const lockEnd = pos + length;
          if (lockEnd > end) return 0;
          while (pos < lockEnd) {
            const field = buf[pos++];
            switch (field) {
              case ID_TAG: {
                // 64-bit varint as halves: 7 bits a byte, the 5th byte straddles them.
                lo = 0;
                hi = 0;
                let shift = 0;
                for (; shift < 28; shift += 7) {
                  b = buf[pos++];
                  lo |= (b & 0x7f) << shift;
                  if (b < 0x80) break;
                }
                if (shift === 28) {
                  b = buf[pos++];
                  lo |= (b & 0x0f) << 28;
                  hi = (b & 0x7f) >> 4;
                  for (shift = 3; b >= 0x80 && shift < 32; shift += 7) {
                    b = buf[pos++];
                    hi |= (b & 0x7f) << shift;
                  }
                  if (b >= 0x80) return 0;
                }
                break;
              }
              case OP_TAG: op = buf[pos++]; break;
              case MODE_TAG: mode = buf[pos++]; break;
              case TRY_TAG: tryBit = buf[pos++]; break;
              case SUBCLASS_TAG: b = buf[pos++]; if (b >= 0x80) return 0; break;
              case CLS_TAG: {
                const clsLength = buf[pos++];
                if (clsLength >= 0x80) return 0;
                pos += clsLength;
                break;
              }
              default: return 0; // name, or anything unexpected
            }
          }
          if (pos !== lockEnd || op > MAX_OP || mode > MAX_MODE || tryBit > 1) return 0;
          code = LOCK_CODE | op | (mode << LOCK_MODE_SHIFT) | (tryBit === 1 ? LOCK_TRY_BIT : 0);
          break;
        }
        default: return 0;
      }
    }
    if (code === 0 || pos !== end) return 0;
    columns.ts[i] = ts;
    columns.tid[i] = tidId(tid);
    columns.lock[i] = space.locks.idOf(lo >>> 0, hi >>> 0);
    return code;
  }

  return {
    space,
    decode(body, start, end, onInvalid) {
      const capacity = countEvents(body, start, end);
      const length = end - start;
      const old = recycled?.();
      // The Batch's bytes, copied (`body` is the reader's reused buffer); a recycled array may be longer.
      const bytes = old !== undefined && old.bytes.length >= length ? old.bytes : new Uint8Array(length);
      bytes.set(body.subarray(start, end));
      const fits = old !== undefined && old.code.length >= capacity;
      const starts = fits ? old.starts : new Int32Array(capacity);
      const ends = fits ? old.ends : new Int32Array(capacity);
      const events: (TraceEvent | undefined)[] = new Array(capacity);
      const materialiser = new WireReader();
      const columns: ScanColumns = fits
        ? { code: old.code, ts: old.ts, tid: old.tid, lock: old.lock }
        : { code: new Uint8Array(capacity), ts: new Float64Array(capacity), tid: new Int32Array(capacity), lock: new Int32Array(capacity) };
      let n = 0;
      let pos = 0;
      for (let index = 0; pos < length; index++) {
        let eventStart = pos + 2;
        let eventEnd = shortEventEnd(bytes, pos, length);
        if (eventEnd < 0) {
          r.reset(bytes, pos, length);
          const tag = r.varint32();
          if (tag !== BATCH_EVENT_TAG) {
            r.skip(tag & 7);
            pos = r.pos;
            index--;
            continue;
          }
          eventEnd = r.delimited();
          eventStart = r.pos;
        }
        pos = eventEnd;
        const code = scanPlainLock(bytes, eventStart, eventEnd, columns, n);
        columns.code[n] = code;
        if (code === 0) {
          try {
            const event = decodeEvent(materialiser, bytes, eventStart, eventEnd, stacks);
            events[n] = event;
            columns.ts[n] = event.ts;
          } catch (error) {
            if (!(error instanceof InvalidEventError)) throw error;
            onInvalid(index, error.message);
            continue;
          }
        }
        starts[n] = eventStart;
        ends[n] = eventEnd;
        n++;
      }
      return batchFromParts({ length: n, ...columns, bytes, starts, ends }, space, events, stacks);
    },
  };
}

// The end of the event whose tag is at `pos`, when it has a one-byte length (nearly every event
// is under 128 bytes) and ends by `end`; else -1, and the wire reader reads what is there. Past
// `end` a byte is undefined (not < 0x80) or stale (then the event would end past `end`).
function shortEventEnd(bytes: Uint8Array, pos: number, end: number): number {
  const length = bytes[pos + 1];
  if (bytes[pos] !== BATCH_EVENT_TAG || !(length < 0x80) || pos + 2 + length > end) return -1;
  return pos + 2 + length;
}

// The columns the scan fills.
type ScanColumns = Pick<ColumnParts, 'code' | 'ts' | 'tid' | 'lock'>;
