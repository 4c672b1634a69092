// A columnar view of a decoded batch, alongside the batch itself: the replay engine reads plain
// lock events (no comm, no stack, no symbol name) from typed-array columns as dense ids, without
// a TraceEvent object per event. Every other reader sees an ordinary Batch: its events are
// materialised from the kept record bytes the first time anything but the columns is read.
import type { Batch, TraceEvent } from './event.js';
import type { ColumnParts } from './column-parts.js';
import type { IdInterner } from './fast-id-interner.js';

/** The interners behind a stream of column batches: dense ids are stable for the whole input. */
export interface IdSpace {
  readonly locks: IdInterner;
  readonly tids: IdInterner;
}

/**
 * `code[i]` of a plain lock event: LOCK_CODE | op | mode << 2 | try << 5, with op and mode their
 * schema enum numbers (LockOp.Op, LockOp.Mode: mode numbers are the model's mode codes). Only
 * ACQUIRE, RELEASE and TRY_FAILED without a `type` or `robust` are plain; other ops are events.
 * 0 means: read `eventAt(i)`.
 */
export const LOCK_CODE = 0x80;
export const LOCK_OP_MASK = 0x03;
export const LOCK_MODE_SHIFT = 2;
export const LOCK_MODE_MASK = 0x07;
export const LOCK_TRY_BIT = 0x20;

export interface EventColumns {
  /** Events in the batch (skipped ones are not counted). */
  readonly length: number;
  readonly space: IdSpace;
  readonly code: Uint8Array;
  /** ns, trace clock; every event. */
  readonly ts: Float64Array;
  /** Dense tid id in `space.tids` (plain lock events). */
  readonly tid: Int32Array;
  /** Dense lock id in `space.locks` (plain lock events). */
  readonly lock: Int32Array;
  /** The arrays behind the columns, to move the batch to another thread (column-parts.ts). */
  readonly parts: ColumnParts;
  /** The event as a TraceEvent (decoded once, then kept). */
  eventAt(i: number): TraceEvent;
}

const COLUMNS = Symbol('faultline.eventColumns');

/** The columns of a batch from the fast decoder, or undefined for any other batch. */
export function columnsOf(batch: Batch): EventColumns | undefined {
  return (batch as unknown as { [COLUMNS]?: EventColumns })[COLUMNS];
}

/**
 * A Batch over `columns` whose `events` holds the events decoded so far (the rest undefined).
 * Reading anything but its length or columns decodes the rest first, so it behaves as an array.
 */
export function columnBatch(events: (TraceEvent | undefined)[], columns: EventColumns): Batch {
  let whole = false;
  const fill = (): void => {
    if (whole) return;
    for (let i = 0; i < events.length; i++) if (events[i] === undefined) events[i] = columns.eventAt(i);
    whole = true;
  };
  return new Proxy(events, {
    get(target, property, receiver) {
      if (property === COLUMNS) return columns;
      // `then`: `yield` and `await` probe every value for it; an array has none.
      if (property !== 'length' && property !== 'then') fill();
      return Reflect.get(target, property, receiver);
    },
    has(target, property) {
      fill();
      return Reflect.has(target, property);
    },
    ownKeys(target) {
      fill();
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, property) {
      fill();
      return Reflect.getOwnPropertyDescriptor(target, property);
    },
    set(target, property, value, receiver) {
      fill();
      return Reflect.set(target, property, value, receiver);
    },
  }) as Batch;
}
