// The framing of a .pb trace: the FLTRACE1 magic, then varint-length-delimited Records, read
// from chunks into one reused, growing buffer (never the whole file in memory). The buffer grows
// as a record's bytes arrive, never ahead of them: a lying length costs nothing. A record that
// is not one header, batch, footer or symbols field is seen from its first bytes and passed over as it
// streams by, unbuffered.
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
  /** The length is sane but the bytes do not decode: skip it and read on. `bytes`: its length. */
  | { readonly kind: 'unreadable'; readonly offset: number; readonly reason: string; readonly bytes: number }
  /** The input ends inside a record (a killed writer): stop. */
  | { readonly kind: 'truncated'; readonly offset: number; readonly reason: string }
  /** The length prefix is garbage: nothing after it can be found. Stop. */
  | { readonly kind: 'corrupt'; readonly offset: number; readonly reason: string }
  | { readonly kind: 'end'; readonly offset: number };

/** A record's bytes, not decoded: `body` is valid until the next call (the buffer is reused). */
export type RecordBytesResult =
  | { readonly kind: 'bytes'; readonly offset: number; readonly body: Buffer }
  | Exclude<RecordResult, { readonly kind: 'record' }>;

// The tags of Record's fields header (1), batch (2), footer (3) and symbols (4), length-delimited.
const RECORD_FIELD_TAGS: ReadonlySet<number> = new Set([0x0a, 0x12, 0x1a, 0x22]);

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

  // Append the next chunk; false at end of input. `want`: the unread bytes the record being read
  // needs in all, so the buffer doubles up to it and no further.
  const fill = async (want = 0): Promise<boolean> => {
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
        const size = Math.max(Math.min(2 * buf.length, want), live + chunk.length, READ_BUFFER_BYTES);
        let grown: typeof buf;
        try {
          grown = Buffer.allocUnsafe(size);
        } catch (error) {
          throw new InputError(name, `cannot allocate ${size} bytes for the record at offset ${base + start}: ${(error as Error).message}`, { cause: error });
        }
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

  // Pass over `count` bytes from `start` as they arrive, keeping none.
  const skip = async (offset: number, count: number, reason: string): Promise<RecordBytesResult> => {
    let left = count;
    for (;;) {
      const take = Math.min(left, end - start);
      start += take;
      left -= take;
      if (left === 0) return { kind: 'unreadable', offset, reason, bytes: count };
      base += end;
      start = 0;
      end = 0;
      if (!(await fill())) return { kind: 'truncated', offset, reason: `${reason}, cut short` };
    }
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
        return { kind: 'unreadable', offset: result.offset, reason: `record does not decode: ${(error as Error).message}`, bytes: result.body.length };
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
      // The field's tag and length (up to 6 bytes), to tell a record from garbage before buffering it.
      const head = Math.min(length, 6);
      while (end - start < size + head) {
        if (!(await fill())) return { kind: 'truncated', offset, reason: `record of ${length} bytes cut short after ${end - start - size}` };
      }
      const garbage = notOneField(buf.subarray(start + size, start + size + head), length);
      if (garbage !== undefined) return skip(offset, size + length, `record of ${length} bytes ${garbage}`);
      while (end - start < size + length) {
        if (!(await fill(size + length))) {
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

// Why a record whose body starts with `head` and is `length` bytes long is not one Record field
// (a header, batch, footer or symbols, as every writer of the format writes it), or undefined if it may be.
function notOneField(head: Uint8Array, length: number): string | undefined {
  if (length === 0) return 'is empty';
  if (!RECORD_FIELD_TAGS.has(head[0])) return `starts with byte 0x${head[0].toString(16).padStart(2, '0')}, expected a header, batch, footer or symbols`;
  let inner = 0;
  for (let i = 1; i < head.length; i++) {
    inner += (head[i] & 0x7f) * 2 ** (7 * (i - 1));
    if (head[i] < 0x80) return i + 1 + inner === length ? undefined : `holds a field of ${inner} bytes, expected ${length - i - 1}`;
  }
  return head.length < 6 ? 'ends inside its field length' : 'has a malformed field length';
}
