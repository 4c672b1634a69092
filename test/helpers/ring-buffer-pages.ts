// Builds ring-buffer pages as trace_pipe_raw returns them (64-bit little-endian layout:
// u64 timestamp, u64 commit, data), and records of faultline's tracepoints at the offsets of
// this kernel's format files, for tests of the binary reader.
import type { PageLayout } from '../../src/collect/ftrace/ring-buffer-page.js';
import type { EventFormat } from '../../src/collect/ftrace/event-format.js';

export const LAYOUT: PageLayout = { size: 4096, commitOffset: 8, dataOffset: 16, littleEndian: true };

/** One entry of a page: a data record, or one of the ring buffer's own. */
export type PageEntry =
  | { readonly data: Uint8Array; readonly delta: number }
  | { readonly extend: number }
  | { readonly stamp: number }
  | { readonly padding: number; readonly delta: number }
  | { readonly nullPadding: true };

/** A page of `entries` starting at `ts`; `commitFlags` are or'ed into the commit word. */
export function buildPage(ts: number, entries: readonly PageEntry[], commitFlags = 0): Uint8Array {
  const page = new Uint8Array(LAYOUT.size);
  const view = new DataView(page.buffer);
  view.setBigUint64(0, BigInt(ts), true);
  let pos = LAYOUT.dataOffset;
  const header = (typeLen: number, delta: number): void => {
    view.setUint32(pos, (typeLen | (delta << 5)) >>> 0, true);
  };
  for (const entry of entries) {
    if ('data' in entry) {
      const length = (entry.data.length + 3) & ~3;
      if (length <= 28 * 4 && entry.data.length > 0) {
        header(length / 4, entry.delta);
        page.set(entry.data, pos + 4);
        pos += 4 + length;
      } else {
        header(0, entry.delta);
        view.setUint32(pos + 4, length + 4, true);
        page.set(entry.data, pos + 8);
        pos += 8 + length;
      }
    } else if ('extend' in entry || 'stamp' in entry) {
      const value = 'extend' in entry ? entry.extend : entry.stamp;
      header('extend' in entry ? 30 : 31, value % 2 ** 27);
      view.setUint32(pos + 4, Math.floor(value / 2 ** 27), true);
      pos += 8;
    } else if ('padding' in entry) {
      header(29, entry.delta);
      view.setUint32(pos + 4, entry.padding, true);
      pos += 4 + entry.padding;
    } else {
      header(29, 0);
      pos += 4;
    }
  }
  view.setUint32(8, ((pos - LAYOUT.dataOffset) | commitFlags) >>> 0, true);
  return page;
}

/** RB_MISSED_EVENTS and RB_MISSED_STORED, the commit word's flags of a page read after the writer lapped the reader. */
export const MISSED_EVENTS = 0x80000000;
export const MISSED_STORED = 0x40000000;

/** `page` as ring_buffer_read_page() hands it out after `count` events were overwritten (no count: not stored). */
export function withMissed(page: Uint8Array, count?: number): Uint8Array {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const commit = view.getUint32(8, true);
  if (count !== undefined) view.setBigUint64(LAYOUT.dataOffset + (commit & 0x3fffffff), BigInt(count), true);
  view.setUint32(8, (commit | MISSED_EVENTS | (count === undefined ? 0 : MISSED_STORED)) >>> 0, true);
  return page;
}

/** `bytes` filled with 0..n-1 (mod 256): a recognisable payload. */
export function payload(n: number, first = 0): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (first + i) & 0xff);
}

/** A field value for buildRecord: a number, a bigint (64-bit), or a string (char[] / __data_loc). */
export type FieldValue = number | bigint | string | boolean;

/**
 * The bytes of a record of `format` from `tid` with `fields` set (others 0): common_type and
 * common_pid, then each field at its offset; __data_loc strings after the fixed part.
 */
export function buildRecord(format: EventFormat, tid: number, fields: Readonly<Record<string, FieldValue>>): Uint8Array {
  let fixed = 0;
  for (const f of format.fields.values()) fixed = Math.max(fixed, f.offset + f.size);
  const strings = Object.entries(fields).filter(([name, v]) => typeof v === 'string' && format.fields.get(name)?.dataLoc === true);
  const size = fixed + strings.reduce((n, [, v]) => n + Buffer.byteLength(String(v)) + 1, 0);
  const bytes = new Uint8Array((size + 3) & ~3);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, format.id, true);
  view.setInt32(4, tid, true);
  let tail = fixed;
  for (const [name, value] of Object.entries(fields)) {
    const f = format.fields.get(name);
    if (f === undefined) throw new Error(`${format.name} has no field ${name}`);
    if (typeof value === 'string') {
      const text = Buffer.from(`${value}\0`);
      const at = f.dataLoc ? tail : f.offset;
      bytes.set(text.subarray(0, f.dataLoc ? text.length : Math.min(text.length, f.size)), at);
      if (f.dataLoc) {
        view.setUint32(f.offset, (text.length << 16) | at, true);
        tail += text.length;
      }
    } else {
      const n = typeof value === 'boolean' ? BigInt(value ? 1 : 0) : BigInt(value);
      if (f.size === 8) view.setBigUint64(f.offset, BigInt.asUintN(64, n), true);
      else if (f.size === 4) view.setUint32(f.offset, Number(BigInt.asUintN(32, n)), true);
      else if (f.size === 2) view.setUint16(f.offset, Number(BigInt.asUintN(16, n)), true);
      else view.setUint8(f.offset, Number(BigInt.asUintN(8, n)));
    }
  }
  return bytes;
}
