// Streaming .pb trace reader: Header first (read when opened), then the events batch by batch.
// A record that does not decode is skipped and counted; a trace without its Footer (a killed
// writer) is read to its last whole record and reported incomplete.
import type { Readable } from 'node:stream';
import { assert } from '../assert.js';
import { openByteSource, type ByteSource } from './byte-source.js';
import { InputError } from './errors.js';
import type { Batch, Footer, TraceEvent } from './event.js';
import { eventFromProto, type ProtoObject } from './event-proto.js';
import type { RecycledParts } from './column-parts.js';
import { createBatchDecoder, type BatchDecoder } from './fast-batch-decoder.js';
import { columnsOf } from './fast-event-columns.js';
import { WireError } from './fast-wire-reader.js';
import { footerFromProto, headerFromProto } from './header-proto.js';
import type { InputInfo, TraceInput } from './input.js';
import { InvalidEventError } from './invalid-event-error.js';
import { createRecordReader, type RecordBytesResult, type RecordReader, type RecordResult } from './record-reader.js';
import { addSkipped, MAX_SKIPPED_SAMPLES, noEventsError } from './skipped-items.js';
import { RecordType } from './trace-schema.js';
import { readOnceInput } from './read-once-input.js';
import { symbolsFromProto, type TraceSymbols } from './trace-symbols.js';

// Record.batch is field 2, length-delimited.
const RECORD_BATCH_TAG = 0x12;

/**
 * Unreadable or unknown records in a row after which reading stops (a header followed by
 * gigabytes of zeros is a billion empty records): this many, or this many bytes of them.
 */
export const MAX_BAD_RECORDS_IN_A_ROW = 1024;
export const MAX_BAD_BYTES_IN_A_ROW = 64 << 20;

/** Open a .pb trace on an opened byte source: checks the magic and reads the Header. */
/** `recycled`: batch arrays to reuse (see createBatchDecoder). */
export async function openTraceStream(source: ByteSource, recycled?: RecycledParts): Promise<TraceInput> {
  const records = createRecordReader(source.chunks(), source.name);
  try {
    await records.readMagic();
    const first = await records.next();
    const got = first.kind === 'end' ? 'end of input'
      : first.kind !== 'record' ? `${first.kind === 'truncated' ? 'a truncated' : 'an unreadable'} record (${first.reason})`
      : `a ${String(first.record.kind ?? 'empty')} record`;
    if (first.kind !== 'record' || first.record.kind !== 'header') {
      throw new InputError(source.name, `expected a header record after the magic, got ${got}`);
    }
    const header = headerFromProto(first.record.header as ProtoObject);
    return readOnceInput(source.path, 'pb', header, (info) => readBatches(records, info, source.name, recycled));
  } catch (error) {
    await records.close();
    throw error;
  }
}

/** Open the .pb trace at `path` ('-' is stdin). */
export async function readTrace(path: string, options: { readonly stdin?: Readable } = {}): Promise<TraceInput> {
  return openTraceStream(await openByteSource(path, options));
}

function eventsOf(batch: ProtoObject, offset: number, info: InputInfo): Batch {
  const stacks = info.symbols;
  const messages = (batch.events ?? []) as readonly ProtoObject[];
  const events: TraceEvent[] = [];
  for (let i = 0; i < messages.length; i++) {
    try {
      const event = withSharedStack(eventFromProto(messages[i]), stacks);
      if (event.kind === 'lost') info.lost += event.lost.count;
      events.push(event);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      addSkipped(info, { offset, reason: `event ${i} of the batch: ${error.message}` });
    }
  }
  return events;
}

// The event with the stack its stackId names (when it carries none itself).
function withSharedStack(event: TraceEvent, symbols: TraceSymbols | undefined): TraceEvent {
  if (event.stackId === undefined || event.stack !== undefined) return event;
  const stack = symbols?.stack(event.stackId);
  return stack === undefined ? event : { ...event, stack };
}

// [start, end) of the Batch inside a record holding only a batch, or undefined (other records).
function batchBounds(body: Uint8Array): readonly [number, number] | undefined {
  if (body.length < 2 || body[0] !== RECORD_BATCH_TAG) return undefined;
  let length = 0;
  for (let i = 1; i < 6 && i < body.length; i++) {
    length += (body[i] & 0x7f) * 2 ** (7 * (i - 1));
    if (body[i] < 0x80) return i + 1 + length === body.length ? [i + 1, body.length] : undefined;
  }
  return undefined;
}

// A batch record through the fast decoder; lost events counted; why not when it is unreadable.
function fastBatch(decoder: BatchDecoder, body: Uint8Array, bounds: readonly [number, number], offset: number, info: InputInfo): Batch | string {
  let batch: Batch;
  try {
    batch = decoder.decode(body, bounds[0], bounds[1], (i, reason) => addSkipped(info, { offset, reason: `event ${i} of the batch: ${reason}` }));
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    return `record does not decode: ${error.message}`;
  }
  const columns = columnsOf(batch);
  assert(columns !== undefined, 'the batch decoder gives column batches');
  for (let i = 0; i < columns.length; i++) {
    if (columns.code[i] !== 0) continue;
    const event = columns.eventAt(i);
    if (event.kind === 'lost') info.lost += event.lost.count;
  }
  return batch;
}

async function* readBatches(records: RecordReader, info: InputInfo, name: string, recycled?: RecycledParts): AsyncGenerator<Batch> {
  let footer: Footer | undefined;
  const decoder = createBatchDecoder(recycled, info.symbols);
  // The run of records skipped since the last one read.
  let badRecords = 0;
  let badBytes = 0;
  const skipRecord = (offset: number, reason: string, bytes: number): boolean => {
    addSkipped(info, { offset, reason });
    badRecords += 1;
    badBytes += bytes;
    if (badRecords < MAX_BAD_RECORDS_IN_A_ROW && badBytes < MAX_BAD_BYTES_IN_A_ROW) return false;
    // Why reading stopped is the last sample kept, whatever came before.
    const stop = { offset, reason: `${badRecords} unreadable records (${badBytes} bytes) in a row; stopped reading` };
    info.skippedSamples.splice(MAX_SKIPPED_SAMPLES - 1, Infinity, stop);
    return true;
  };
  try {
    reading: for (;;) {
      const raw = await records.nextBytes();
      if (raw.kind === 'bytes') {
        const bounds = batchBounds(raw.body);
        if (bounds !== undefined) {
          const batch = fastBatch(decoder, raw.body, bounds, raw.offset, info);
          if (typeof batch === 'string') {
            if (skipRecord(raw.offset, batch, raw.body.length)) break;
            continue;
          }
          badRecords = 0;
          badBytes = 0;
          info.events += batch.length;
          if (batch.length > 0) yield batch;
          continue;
        }
      }
      const result = decodeRecord(raw);
      switch (result.kind) {
        case 'end': case 'truncated':
          break reading;
        case 'corrupt':
          addSkipped(info, { offset: result.offset, reason: `${result.reason}; stopped reading` });
          break reading;
        case 'unreadable':
          if (skipRecord(result.offset, result.reason, result.bytes)) break reading;
          continue;
        case 'record':
          break;
      }
      const record = result.record;
      if (record.kind !== 'batch' && record.kind !== 'footer' && record.kind !== 'symbols') {
        if (skipRecord(result.offset, record.kind === 'header' ? 'second header record ignored' : 'record of no known kind', 0)) break;
        continue;
      }
      badRecords = 0;
      badBytes = 0;
      if (record.kind === 'batch') {
        const batch = eventsOf(record.batch as ProtoObject, result.offset, info);
        info.events += batch.length;
        if (batch.length > 0) yield batch;
      } else if (record.kind === 'symbols') {
        info.symbols?.add(symbolsFromProto(record.symbols as ProtoObject));
      } else if (record.kind === 'footer') {
        footer = footerFromProto(record.footer as ProtoObject);
        const after = await records.next();
        if (after.kind !== 'end') addSkipped(info, { offset: after.offset, reason: 'data after the footer ignored' });
        break;
      }
    }
  } finally {
    await records.close();
  }
  if (footer !== undefined) {
    info.complete = footer.complete;
    info.lost = footer.lost;
  }
  if (info.events === 0) {
    throw noEventsError(name, info, 'records', info.complete ? 'the trace holds none' : 'the trace ends after its header');
  }
}

// Any record the fast path does not take, through protobufjs (the reference decoder).
function decodeRecord(raw: RecordBytesResult): RecordResult {
  if (raw.kind !== 'bytes') return raw;
  try {
    return { kind: 'record', offset: raw.offset, record: RecordType.decode(raw.body) as unknown as ProtoObject };
  } catch (error) {
    return { kind: 'unreadable', offset: raw.offset, reason: `record does not decode: ${(error as Error).message}`, bytes: raw.body.length };
  }
}
