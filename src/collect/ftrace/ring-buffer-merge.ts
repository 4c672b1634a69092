// Puts the records of per-CPU ring buffers in time order before they are decoded: the
// decoder's state (the syscall a task is in, its mmap, its comm) needs a task's records in
// the order it made them, and a task moves between CPUs.
//
// Each CPU's pages are read in drains; a drain's pages are copied in here with a bound:
// nothing older than it is still unread on that CPU. A record is released once it is no newer
// than the lowest bound of all CPUs, so no record read later can be older than one released.
// A page read after the writer lapped the reader (missedEvents) tells its CPU's gap in time
// order too, at the page's time, just before its records.
import { missedEvents, openRingBufferPage, type PageCursor, type PageLayout } from './ring-buffer-page.js';

/** Receives a record in time order: its CPU, time (ns), and data, view bytes [start, start + length). */
export type MergedRecordSink = (view: DataView, cpu: number, ts: number, start: number, length: number) => void;

/** Receives, in time order with the records, a gap of `cpu`'s records at `ts` (ns): `count` overwritten events, or 'unknown'. */
export type MissedEventsSink = (cpu: number, ts: number, count: number | 'unknown') => void;

export interface RingBufferMerge {
  /** Copies in whole pages a drain of `cpu` read; the CPU holds nothing unread older than `boundNs`. */
  add(cpu: number, pages: Uint8Array, boundNs: number): void;
  /**
   * Calls `onRecord`, in time order, for each record no newer than the CPUs' lowest bound
   * (every record held, with `all`); returns that bound.
   */
  release(onRecord: MergedRecordSink, all?: boolean): number;
}

// One CPU: its copied drains, the page being read, and the bound.
interface CpuQueue {
  readonly cpu: number;
  readonly drains: DataView[];
  /** Offset of the next page to open in drains[0]. */
  nextPage: number;
  /** The current record's page, or undefined when the queue is empty. */
  cursor: PageCursor | undefined;
  view: DataView | undefined;
  boundNs: number;
  /** A gap before the current record not yet told (undefined: none): its page's time and count. */
  missedTs: number;
  missed: number | 'unknown' | undefined;
}

// Two gaps with no record between them are one: their counts add up, unless one is not known.
function joinGaps(told: number | 'unknown' | undefined, gap: number | 'unknown'): number | 'unknown' {
  if (told === undefined) return gap;
  return told === 'unknown' || gap === 'unknown' ? 'unknown' : told + gap;
}

/** An empty merge of the pages of `layout`; gaps go to `onMissed`, when given. */
export function createRingBufferMerge(layout: PageLayout, onMissed?: MissedEventsSink): RingBufferMerge {
  const queues: CpuQueue[] = [];

  // Moves `q` to its next record, opening pages and drains as needed; false when none is left.
  const advance = (q: CpuQueue): boolean => {
    while (true) {
      if (q.cursor?.next() === true) return true;
      const drain = q.drains[0];
      if (drain === undefined) {
        q.cursor = undefined;
        q.view = undefined;
        return false;
      }
      if (q.nextPage + layout.size > drain.byteLength) {
        q.drains.shift();
        q.nextPage = 0;
        q.cursor = undefined;
        continue;
      }
      q.view = drain;
      q.cursor = openRingBufferPage(drain, q.nextPage, layout);
      const missed = onMissed === undefined ? undefined : missedEvents(drain, q.nextPage, layout);
      if (missed !== undefined) {
        if (q.missed === undefined) q.missedTs = q.cursor.ts;
        q.missed = joinGaps(q.missed, missed);
      }
      q.nextPage += layout.size;
    }
  };

  return {
    add(cpu, pages, boundNs) {
      let q = queues.find((x) => x.cpu === cpu);
      if (q === undefined) {
        q = { cpu, drains: [], nextPage: 0, cursor: undefined, view: undefined, boundNs, missedTs: 0, missed: undefined };
        queues.push(q);
      }
      q.boundNs = boundNs;
      if (pages.length < layout.size) return;
      const copy = new Uint8Array(pages.length - (pages.length % layout.size));
      copy.set(pages.subarray(0, copy.length));
      q.drains.push(new DataView(copy.buffer));
      if (q.cursor === undefined) advance(q);
    },
    release(onRecord, all = false) {
      let bound = Number.POSITIVE_INFINITY;
      for (const q of queues) bound = Math.min(bound, q.boundNs);
      const upTo = all ? Number.POSITIVE_INFINITY : bound;
      while (true) {
        let next: CpuQueue | undefined;
        for (const q of queues) {
          if (q.cursor !== undefined && q.cursor.ts <= upTo && (next === undefined || q.cursor.ts < next.cursor!.ts)) next = q;
        }
        if (next === undefined) return bound;
        const cursor = next.cursor!;
        if (next.missed !== undefined) {
          onMissed?.(next.cpu, next.missedTs, next.missed);
          next.missed = undefined;
        }
        onRecord(next.view!, next.cpu, cursor.ts, cursor.start, cursor.length);
        advance(next);
      }
    },
  };
}
