// Streaming .pb trace writer: magic and Header, Batches of up to `batchSize` events as they
// fill, and a Footer on close. Each record is one write call, so a killed writer leaves only
// whole records (and the reader reports the trace as incomplete). Batches go through the
// schema-specific encoder (checked against protobufjs in its tests); header and footer through
// protobufjs.
import type { Writable } from 'node:stream';
import { assert } from '../assert.js';
import type { Batch, Footer, Header, TraceEvent } from './event.js';
import type { ProtoObject } from './event-proto.js';
import { ByteWriter } from './fast-byte-writer.js';
import { encodeBatchRecord } from './fast-event-encoder.js';
import { footerToProto, headerToProto } from './header-proto.js';
import { openOutput } from './output-sink.js';
import { RecordType, TRACE_MAGIC } from './trace-schema.js';
import { symbolsToProto, type SymbolsDelta } from './trace-symbols.js';

/** Tuning of a trace writer. */
export interface TraceWriterOptions {
  /** Events per Batch record (default 4096). */
  readonly batchSize?: number;
}

/** A .pb trace being written; calls take effect in call order. */
export interface TraceWriter {
  /** Queue events; every full batch is written before this resolves. */
  write(events: Batch): Promise<void>;
  /**
   * Write a Symbols record now: before the batch of any event written after this call (events
   * may then refer to its stacks by `stackId`).
   */
  symbols(delta: SymbolsDelta): Promise<void>;
  /** Write the queued events now as a (short) batch. */
  flush(): Promise<void>;
  /**
   * Write the remaining events and the Footer, end the output (not stdout); the footer written.
   * `complete` and `lost` default to true and the sum of `lost` events' counts; a converter
   * passes on its source's.
   */
  close(final?: Partial<Pick<Footer, 'complete' | 'lost'>>): Promise<Footer>;
}

/** One length-delimited Record, ready for a single write call. */
export function encodeRecord(record: ProtoObject): Uint8Array {
  return RecordType.encodeDelimited(record).finish();
}

/** A writer of a .pb trace to a path, '-' (stdout) or a Writable; calls run in order. */
export function createTraceWriter(out: string | Writable, header: Header, options: TraceWriterOptions = {}): TraceWriter {
  const batchSize = options.batchSize ?? 4096;
  assert(Number.isInteger(batchSize) && batchSize > 0, `batchSize must be a positive integer, got ${batchSize}`);
  const sink = openOutput(out);
  const bytes = new ByteWriter(1 << 20);
  let pending: TraceEvent[] = [];
  // Stack ids of the Symbols records written: an event may refer to these only.
  const stackIds = new Set<number>();
  let events = 0;
  let lost = 0;
  let endNs = 0;
  let closed = false;

  const sendBatch = (): Promise<void> => {
    const batch = pending;
    pending = [];
    encodeBatchRecord(bytes, batch);
    return sink.send(bytes.take());
  };
  // Calls are chained so that concurrent writes cannot interleave their events.
  let queue: Promise<unknown> = sink.send(Buffer.concat([TRACE_MAGIC, encodeRecord({ header: headerToProto(header) })]));
  queue.catch(() => undefined); // surfaces on the first call
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next;
    next.catch(() => undefined); // the caller sees the failure; later calls fail with it too
    return next;
  };

  return {
    write(batch) {
      assert(!closed, 'trace writer used after close()');
      return enqueue(async () => {
        for (const event of batch) {
          events++;
          if (event.kind === 'lost') lost += event.lost.count;
          if (event.ts > endNs) endNs = event.ts;
          // A stack id this trace has no record of (an event read from another trace) is
          // dropped: the event's own stack is written instead.
          if (event.stackId !== undefined && !stackIds.has(event.stackId)) {
            const { stackId: _unknown, ...own } = event;
            pending.push(own as TraceEvent);
          } else pending.push(event);
          if (pending.length >= batchSize) await sendBatch();
        }
      });
    },
    symbols(delta) {
      assert(!closed, 'trace writer used after close()');
      for (const stack of delta.stacks) stackIds.add(stack.id);
      return enqueue(() => sink.send(encodeRecord({ symbols: symbolsToProto(delta) })));
    },
    flush() {
      return enqueue(async () => {
        if (pending.length > 0) await sendBatch();
      });
    },
    close(final = {}) {
      assert(!closed, 'trace writer closed twice');
      closed = true;
      return enqueue(async () => {
        if (pending.length > 0) await sendBatch();
        const footer: Footer = { events, lost: final.lost ?? lost, complete: final.complete ?? true, endNs };
        await sink.send(encodeRecord({ footer: footerToProto(footer) }));
        await sink.end();
        return footer;
      });
    },
  };
}

/** Write a whole trace (tests, tools); the footer written. */
export async function writeTrace(
  out: string | Writable,
  header: Header,
  events: readonly TraceEvent[] | AsyncIterable<Batch>,
  options?: TraceWriterOptions,
): Promise<Footer> {
  const writer = createTraceWriter(out, header, options);
  if (Array.isArray(events)) {
    await writer.write(events);
  } else {
    for await (const batch of events as AsyncIterable<Batch>) await writer.write(batch);
  }
  return writer.close();
}
