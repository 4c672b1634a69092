// The records of one page read from a tracefs per_cpu/cpuN/trace_pipe_raw file: the kernel's
// ring-buffer page (kernel/trace/ring_buffer.c; events/header_page and header_event describe it).
//
//   page    u64 timestamp | local_t commit (data bytes; bits 30-31 flag missed events) | data
//   record  u32 header: type_len (low 5 bits), time_delta (high 27 bits), then
//     type_len 1..28   data of type_len * 4 bytes
//     type_len 0       u32 length (itself included), then the data
//     29 padding       u32 length after the header; time_delta 0: the rest of the page is empty
//     30 time extend   u32: delta = array << 27 | time_delta
//     31 time stamp    u32: absolute time = array << 27 | time_delta (its low 59 bits)
// A record's time is the page's plus the deltas of the records up to it.
import { formatField, type EventFormat } from './event-format.js';

export interface PageLayout {
  /** Bytes per page (sub-buffer): a read returns one. */
  readonly size: number;
  readonly commitOffset: number;
  readonly dataOffset: number;
  readonly littleEndian: boolean;
}

const TYPE_PADDING = 29;
const TYPE_TIME_EXTEND = 30;
const TYPE_TIME_STAMP = 31;
const TS_SHIFT = 2 ** 27;
// RB_MISSED_EVENTS | RB_MISSED_STORED, in the commit word.
const COMMIT_LENGTH_MASK = 0x3fffffff;
const RB_MISSED_EVENTS = 0x80000000;
const RB_MISSED_STORED = 0x40000000;
// More than the largest record of faultline's events (a 6-argument syscall entry, 68 bytes;
// a fork with two comms, ~60) with a time extend before it.
const FULL_SLACK = 256;

/** The page layout events/header_page describes (its timestamp, commit and data fields). */
export function pageLayoutOf(header: EventFormat, littleEndian: boolean): PageLayout {
  const data = formatField(header, 'data');
  formatField(header, 'timestamp');
  return { size: data.offset + data.size, commitOffset: formatField(header, 'commit').offset, dataOffset: data.offset, littleEndian };
}

/** The time of the last record of the page at bytes[at…] (the page's time when it has none). */
export function lastRecordTime(bytes: Uint8Array, at: number, layout: PageLayout): number {
  const cursor = openRingBufferPage(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at, layout);
  while (cursor.next());
  return cursor.ts;
}

function readPageTime(view: DataView, at: number, le: boolean): number {
  return view.getUint32(at + (le ? 4 : 0), le) * 2 ** 32 + view.getUint32(at + (le ? 0 : 4), le);
}

/**
 * Whether the page at bytes[at…] was closed by the writer (its data within FULL_SLACK bytes of
 * the page's end: the next record did not fit), not the page being written, which a read
 * returns with the records written so far.
 */
export function isPageFull(bytes: Uint8Array, at: number, layout: PageLayout): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at + layout.commitOffset, 8);
  const commit = view.getUint32(layout.littleEndian ? 0 : 4, layout.littleEndian) & COMMIT_LENGTH_MASK;
  return commit + FULL_SLACK >= layout.size - layout.dataOffset;
}

/**
 * Events the writer overwrote on this CPU before the page at view[at…] was read (the reader was
 * lapped: ring_buffer_read_page() flags the next page it hands out with RB_MISSED_EVENTS, and
 * stores the count after the data, RB_MISSED_STORED, when the page has room for it): undefined
 * when none were, 'unknown' when their count was not stored. They are older than the page's
 * records and newer than the CPU's records read before it.
 */
export function missedEvents(view: DataView, at: number, layout: PageLayout): number | 'unknown' | undefined {
  const le = layout.littleEndian;
  const commit = view.getUint32(at + layout.commitOffset + (le ? 0 : 4), le);
  if ((commit & RB_MISSED_EVENTS) === 0) return undefined;
  const end = layout.dataOffset + (commit & COMMIT_LENGTH_MASK);
  if ((commit & RB_MISSED_STORED) === 0 || end + 8 > layout.size) return 'unknown';
  // An unsigned long: 8 bytes on the 64-bit kernels faultline records.
  return view.getUint32(at + end + (le ? 4 : 0), le) * 2 ** 32 + view.getUint32(at + end + (le ? 0 : 4), le);
}

/** A reader of one page's records, one at a time: next() moves to the next data record. */
export interface PageCursor {
  /** The current record's time (ns) and where its data is: view bytes [start, start + length). */
  readonly ts: number;
  readonly start: number;
  readonly length: number;
  /** Moves to the next data record; false when the page has no more. */
  next(): boolean;
}

// The cursor's state; `pos` is where the next record header is, `end` where the data ends.
class RingBufferPageCursor implements PageCursor {
  ts: number;
  start = 0;
  length = 0;
  private pos: number;
  private readonly end: number;

  constructor(private readonly view: DataView, at: number, private readonly layout: PageLayout) {
    const le = layout.littleEndian;
    this.ts = readPageTime(view, at, le);
    // The commit word's low 32 bits hold the length and the flags.
    const commit = view.getUint32(at + layout.commitOffset + (le ? 0 : 4), le) & COMMIT_LENGTH_MASK;
    this.pos = at + layout.dataOffset;
    this.end = this.pos + Math.min(commit, layout.size - layout.dataOffset);
  }

  next(): boolean {
    const { view, end } = this;
    const le = this.layout.littleEndian;
    for (let pos = this.pos; pos + 4 <= end;) {
      const header = view.getUint32(pos, le);
      const typeLen = header & 0x1f;
      const delta = header >>> 5;
      if (typeLen === TYPE_PADDING) {
        if (delta === 0 || pos + 8 > end) break;
        pos += 4 + view.getUint32(pos + 4, le);
      } else if (typeLen === TYPE_TIME_EXTEND || typeLen === TYPE_TIME_STAMP) {
        if (pos + 8 > end) break;
        const value = view.getUint32(pos + 4, le) * TS_SHIFT + delta;
        this.ts = typeLen === TYPE_TIME_EXTEND ? this.ts + value : value;
        pos += 8;
      } else {
        const long = typeLen === 0;
        if (long && pos + 8 > end) break;
        const length = long ? view.getUint32(pos + 4, le) - 4 : typeLen * 4;
        const start = pos + (long ? 8 : 4);
        if (length < 0 || start + length > end) break;
        this.ts += delta;
        this.start = start;
        this.length = length;
        this.pos = start + ((length + 3) & ~3);
        return true;
      }
    }
    this.pos = end;
    return false;
  }
}

/** A cursor over the records of the page at view[at, at + layout.size), before its first. */
export function openRingBufferPage(view: DataView, at: number, layout: PageLayout): PageCursor {
  return new RingBufferPageCursor(view, at, layout);
}
