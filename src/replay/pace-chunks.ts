// Splits a batch for pacing: chunks short enough in trace time that a paced replay moves smoothly,
// and bounded in events; never one chunk per event unless the events are that far apart.
import type { Batch } from '../trace/event.js';
import { columnsOf } from '../trace/fast-event-columns.js';

export interface ChunkLimits {
  /** Trace time a chunk may span, in nanoseconds (from its first event's ts). */
  readonly maxSpanNs: number;
  /** Events a chunk may hold. */
  readonly maxEvents: number;
}

/** 50 ms of trace time (20 steps a second at ×1), or 4096 events. */
export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxSpanNs: 50_000_000, maxEvents: 4096 };

// The ts of event `i`, from the batch's columns when it has them (reading an event of a column
// batch would decode them all).
export function batchTs(batch: Batch, i: number): number {
  const columns = columnsOf(batch);
  return columns === undefined ? batch[i].ts : columns.ts[i];
}

// The batch in order as chunks within `limits`; a batch already within them is returned as is.
export function splitBatch(batch: Batch, limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): readonly Batch[] {
  if (batch.length === 0) return [];
  const { maxSpanNs, maxEvents } = limits;
  if (batch.length <= maxEvents && batchTs(batch, batch.length - 1) - batchTs(batch, 0) <= maxSpanNs) return [batch];
  const chunks: Batch[] = [];
  let start = 0;
  let startTs = batchTs(batch, 0);
  for (let i = 1; i < batch.length; i++) {
    const ts = batchTs(batch, i);
    if (i - start >= maxEvents || ts - startTs > maxSpanNs) {
      chunks.push(batch.slice(start, i));
      start = i;
      startTs = ts;
    }
  }
  chunks.push(batch.slice(start));
  return chunks;
}
