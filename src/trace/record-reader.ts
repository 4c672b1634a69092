// The framing of a .pb trace: the FLTRACE1 magic, then varint-length-delimited Records, read
// from chunks into one reused, growing buffer (never the whole file in memory).
import { InputError } from './errors.js';
import type { ProtoObject } from './event-proto.js';
import { printableBytes } from './printable-bytes.js';
import { RecordType, TRACE_MAGIC } from './trace-schema.js';

/** The read buffer's size: records are copied out of it; it grows only for a longer record. */
export const READ_BUFFER_BYTES = 4 << 20;

/** Longest record believed: a batch of thousands of events with stacks is a few MiB. */
export const MAX_RECORD_BYTES = 256 << 20;

/** `offset`: byte offset of the record's length prefix in the file. */
export type RecordResult =
  | { readonly kind: 'record'; readonly offset: number; readonly record: ProtoObject }
  /** The length is sane but the bytes do not decode: skip it and read on. */
  | { readonly kind: 'unreadable'; readonly offset: number; readonly reason: string }
  /** The input ends inside a record (a killed writer): stop. */
  | { readonly kind: 'truncated'; readonly offset: number; readonly reason: string }
  /** The length prefix is garbage: nothing after it can be found. Stop. */
  | { readonly kind: 'corrupt'; readonly offset: number; readonly reason: string }
  | { readonly kind: 'end'; readonly offset: number };

/** A record's bytes, not decoded: `body` is valid until the next call (the buffer is reused). */
export type RecordBytesResult =
  | { readonly kind: 'bytes'; readonly offset: number; readonly body: Buffer }
  | Exclude<RecordResult, { readonly kind: 'record' | 'unreadable' }>;

/** Reads the records of one trace in order. */
export interface RecordReader {
  /** Check the magic; InputError "expected FLTRACE1 magic, got ..." otherwise. */
  readMagic(): Promise<void>;
  next(): Promise<RecordResult>;
  /** The next record's bytes, for a decoder of its own. */
  nextBytes(): Promise<RecordBytesResult>;
  /** Stop reading the chunks early. */
  close(): Promise<void>;
}

/** A record reader of `chunks`; `name` appears in errors. */
export function createRecordReader(chunks: AsyncIterable<Uint8Array>, name: string): RecordReader {
  const iterator = chunks[Symbol.asyncIterator]();
  let buf = Buffer.alloc(0);
  let start = 0; // first unread byte in buf
  let end = 0; // end of valid bytes in buf
  let base = 0; // file offset of buf[0]
  let eof = false;

  // Append the next chunk; false at end of input.
  const fill = async (): Promise<boolean> => {
    if (eof) return false;
    const result = await iterator.next();
    if (result.done === true) {
      eof = true;
      return false;
    }
    const chunk = result.value;
    if (end + chunk.length > buf.length) {
      const live = end - start;
      if (live + chunk.length > buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(2 * buf.length, live + chunk.length, READ_BUFFER_BYTES));
        buf.copy(grown, 0, start, end);
        buf = grown;
      } else {
        buf.copy(buf, 0, start, end);
      }
      base += start;
      start = 0;
      end = live;
    }
    buf.set(chunk, end);
    end += chunk.length;
    return true;
  };

  // The varint at `start`: [value, size], undefined if it runs past `end`, or 'bad' after 10 bytes.
  const varint = (): [number, number] | undefined | 'bad' => {
    let value = 0;
    for (let i = 0; i < 10; i++) {
      if (start + i >= end) return undefined;
      const b = buf[start + i];
      value += (b & 0x7f) * 2 ** (7 * i);
      if (b < 0x80) return [value, i + 1];
    }
    return 'bad';
  };

  const reader: RecordReader = {
    async readMagic() {
      while (end - start < TRACE_MAGIC.length && (await fill()));
      const head = buf.subarray(start, Math.min(end, start + TRACE_MAGIC.length));
      if (!TRACE_MAGIC.equals(head)) {
        const got = head.length === 0 ? 'end of input' : `${printableBytes(head)}${head.length < TRACE_MAGIC.length ? ` (${head.length} bytes)` : ''}`;
        throw new InputError(name, `expected FLTRACE1 magic, got ${got}`);
      }
      start += TRACE_MAGIC.length;
    },

    async next() {
      const result = await reader.nextBytes();
      if (result.kind !== 'bytes') return result;
      try {
        return { kind: 'record', offset: result.offset, record: RecordType.decode(result.body) as unknown as ProtoObject };
      } catch (error) {
        return { kind: 'unreadable', offset: result.offset, reason: `record does not decode: ${(error as Error).message}` };
      }
    },

    async nextBytes() {
      const offset = base + start;
      if (start === end && !(await fill())) return { kind: 'end', offset };
      let prefix = varint();
      while (prefix === undefined) {
        if (!(await fill())) return { kind: 'truncated', offset, reason: 'input ends inside a record length' };
        prefix = varint();
      }
      if (prefix === 'bad' || prefix[0] > MAX_RECORD_BYTES) {
        const got = prefix === 'bad' ? 'a malformed varint' : `${prefix[0]} bytes`;
        return { kind: 'corrupt', offset, reason: `expected a record length up to ${MAX_RECORD_BYTES} bytes, got ${got}` };
      }
      const [length, size] = prefix;
      while (end - start < size + length) {
        if (!(await fill())) {
          return { kind: 'truncated', offset, reason: `record of ${length} bytes cut short after ${end - start - size}` };
        }
      }
      const body = buf.subarray(start + size, start + size + length);
      start += size + length;
      return { kind: 'bytes', offset, body };
    },

    async close() {
      eof = true;
      await iterator.return?.();
    },
  };
  return reader;
}
