// Puts events from collectors that deliver out of order (per-CPU buffers, batches) back in time
// order, within a bound, and counts what it could not place.
//
// Events are held until they are `windowNs` older than the newest time seen (trace time, or
// wall time through `advance`, which is the same clock: bpftrace's nsecs and Node's
// process.hrtime are both CLOCK_MONOTONIC), and never released past `limit()`, the time before
// which the sources have delivered everything (their watermark); only more than `maxEvents`
// held forces the oldest out past it, down to half of `maxEvents` at once: a source held back
// (the ftrace collector's file operations waiting for their fd proof) under a flood of events
// costs one sort and one copy per maxEvents / 2 events, not one per event (a buffered fio run
// made ~10^5 events a second; releasing one per push copied 200,000 held events each time).
// Pushing releases by trace time once the held events span 2 windows (so a sort happens at
// most once per window of trace time, not per event).
// Released batches are sorted by ts and never go back in time: an event older than one already
// released is late. It is not released (placed anywhere, it would be out of order): it is
// counted in `late`, and the window's owner records the count as lost events.
// Events pushed in time order (one trace_pipe) are only appended: the held events are sorted
// only when one came out of order since the last release.
import type { Batch, TraceEvent } from '../trace/event.js';

export interface ReorderWindowOptions {
  /** How long an event is held, in ns of the trace clock. */
  readonly windowNs: number;
  /** At most this many events are held; the oldest go first beyond it. */
  readonly maxEvents: number;
  /** Nothing newer than this (ns) is released, but for `maxEvents`; default no bound. */
  readonly limit?: () => number;
  readonly onBatch: (batch: Batch) => void;
}

export interface ReorderWindow {
  push(event: TraceEvent): void;
  /** Releases the events older than `nowNs - windowNs` (nowNs: CLOCK_MONOTONIC ns), up to `limit()`. */
  advance(nowNs: number): void;
  /** Releases every held event. */
  flush(): void;
  /** Events that arrived after a newer one had been released (counted, not released). */
  readonly late: number;
  readonly held: number;
  /** The cut released so far: a source whose events up to it were pushed has them released. */
  readonly watermarkTs: number;
}

// A sorting buffer released by time or size; see the file comment for the bounds.
export function createReorderWindow(options: ReorderWindowOptions): ReorderWindow {
  const limit = options.limit ?? (() => Number.POSITIVE_INFINITY);
  let held: TraceEvent[] = [];
  // Whether `held` is in ts order: every push so far was no older than the one before it.
  let inOrder = true;
  let newestTs = 0;
  let oldestHeldTs = Number.POSITIVE_INFINITY;
  let releasedTs = 0;
  let late = 0;
  // The latest cut asked for: every event up to it was released, but for late ones.
  let watermarkTs = 0;

  const releaseUpTo = (cutTs: number, keepAtMost: number): void => {
    if (cutTs > watermarkTs && cutTs !== Number.POSITIVE_INFINITY) watermarkTs = cutTs;
    // Nothing held is old enough (a source's watermark holds the cut back) and nothing is over
    // the bound: no sort, no scan, however often a push asks.
    if (held.length === 0 || (cutTs < oldestHeldTs && held.length <= keepAtMost)) return;
    if (!inOrder) held.sort(byTs);
    inOrder = true;
    let cut = 0;
    while (cut < held.length && held[cut].ts <= cutTs) cut++;
    cut = Math.max(cut, held.length - keepAtMost);
    if (cut === 0) return;
    const batch = cut === held.length ? held : held.slice(0, cut);
    held = cut === held.length ? [] : held.slice(cut);
    oldestHeldTs = held.length === 0 ? Number.POSITIVE_INFINITY : held[0].ts;
    releasedTs = Math.max(releasedTs, batch[batch.length - 1].ts);
    options.onBatch(batch);
  };

  return {
    push(event) {
      if (event.ts < releasedTs) {
        late++;
        return;
      }
      if (event.ts > newestTs) newestTs = event.ts;
      if (event.ts < oldestHeldTs) oldestHeldTs = event.ts;
      if (held.length > 0 && event.ts < held[held.length - 1].ts) inOrder = false;
      held.push(event);
      if (held.length > options.maxEvents || newestTs - oldestHeldTs > 2 * options.windowNs) {
        releaseUpTo(Math.min(newestTs - options.windowNs, limit()), held.length > options.maxEvents ? options.maxEvents >> 1 : options.maxEvents);
      }
    },
    advance(nowNs) {
      releaseUpTo(Math.min(Math.max(nowNs, newestTs) - options.windowNs, limit()), options.maxEvents);
    },
    flush() {
      releaseUpTo(Number.POSITIVE_INFINITY, 0);
    },
    get late() {
      return late;
    },
    get held() {
      return held.length;
    },
    get watermarkTs() {
      return Math.max(watermarkTs, releasedTs);
    },
  };
}

function byTs(a: TraceEvent, b: TraceEvent): number {
  return a.ts - b.ts;
}
