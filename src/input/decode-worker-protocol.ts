// Messages between a trace input read in a worker thread (decode-worker.ts) and the thread that
// replays it (worker-input.ts). The worker reads and decodes the .pb file, and sends each batch
// as its column parts (buffers transferred, not copied) plus the ids it interned since the last
// batch, so the other side rebuilds the same dense ids in the same order. It runs at most
// WORKER_WINDOW batches ahead of what was consumed: memory stays flat whatever the trace's size.
import type { ColumnParts } from '../trace/column-parts.js';
import type { InputInfo } from '../trace/input.js';
import type { SymbolsDelta } from '../trace/trace-symbols.js';

/** Batches the worker may send before the consumer has taken them. */
export const WORKER_WINDOW = 8;

/** What the worker is started with (workerData): a file whose format was found to be .pb. */
export interface WorkerStart { readonly path: string; readonly format: 'pb' }

/** The mutable part of InputInfo, as it stands after the batch it comes with. */
export type InfoState = Pick<InputInfo, 'header' | 'events' | 'lost' | 'complete' | 'skipped' | 'skippedSamples'>;

export type WorkerMessage =
  | { readonly kind: 'opened'; readonly info: InfoState }
  | {
    readonly kind: 'batch';
    readonly parts: ColumnParts;
    /** Tids interned since the last batch, in id order. */
    readonly tids: Uint32Array;
    /** Lock ids interned since the last batch, in id order, as (lo, hi) pairs. */
    readonly locks: Uint32Array;
    /** Symbols records read since the last batch (before this one's events refer to them). */
    readonly symbols?: SymbolsDelta;
    readonly info: InfoState;
  }
  | { readonly kind: 'end'; readonly info: InfoState }
  /** `file` set: an InputError about that file; otherwise an unexpected failure. */
  | { readonly kind: 'error'; readonly file?: string; readonly message: string };

/**
 * From the consumer: it took one batch (the worker may send one more) and gives back the
 * arrays of the one before, which nobody reads any more, to decode into; or it stops reading.
 */
export type ConsumerMessage = { readonly kind: 'took'; readonly done?: ColumnParts } | { readonly kind: 'stop' };
