// Puts events from per-CPU buffered collectors (bpftrace) back in time order, within a bound.
//
// Events are held until they are `windowNs` older than the newest time seen (trace time, or
// wall time through `advance`, which is the same clock: bpftrace's nsecs and Node's
// process.hrtime are both CLOCK_MONOTONIC), or until more than `maxEvents` are held.
// Pushing releases by trace time once the held events span 2 windows (so a sort happens at
// most once per window of trace time, not per event).
// Released batches are sorted by ts and never go back in time; an event older than one
// already released is late: it is released in the next batch and counted in `late`.
// Events pushed in time order (one trace_pipe) are only appended: the held events are sorted
// only when one came out of order since the last release.
import type { Batch, TraceEvent } from '../trace/event.js';

export interface ReorderWindowOptions {
  /** How long an event is held, in ns of the trace clock. */
  readonly windowNs: number;
  /** At most this many events are held; the oldest go first beyond it. */
  readonly maxEvents: number;
  readonly onBatch: (batch: Batch) => void;
}

export interface ReorderWindow {
  push(event: TraceEvent): void;
  /** Releases the events older than `nowNs - windowNs` (nowNs: CLOCK_MONOTONIC ns). */
  advance(nowNs: number): void;
  /** Releases every held event. */
  flush(): void;
  /** Events that arrived after a newer one had been released. */
  readonly late: number;
  readonly held: number;
}

// A sorting buffer released by time or size; see the file comment for the bounds.
export function createReorderWindow(options: ReorderWindowOptions): ReorderWindow {
  let held: TraceEvent[] = [];
  // Whether `held` is in ts order: every push so far was no older than the one before it.
  let inOrder = true;
  let newestTs = 0;
  let oldestHeldTs = Number.POSITIVE_INFINITY;
  let releasedTs = 0;
  let late = 0;

  const releaseUpTo = (cutTs: number, keepAtMost: number): void => {
    if (held.length === 0) return;
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
      if (event.ts < releasedTs) late++;
      if (event.ts > newestTs) newestTs = event.ts;
      if (event.ts < oldestHeldTs) oldestHeldTs = event.ts;
      if (held.length > 0 && event.ts < held[held.length - 1].ts) inOrder = false;
      held.push(event);
      if (held.length > options.maxEvents || newestTs - oldestHeldTs > 2 * options.windowNs) {
        releaseUpTo(newestTs - options.windowNs, options.maxEvents);
      }
    },
    advance(nowNs) {
      releaseUpTo(Math.max(nowNs, newestTs) - options.windowNs, options.maxEvents);
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
  };
}

function byTs(a: TraceEvent, b: TraceEvent): number {
  return a.ts - b.ts;
}
