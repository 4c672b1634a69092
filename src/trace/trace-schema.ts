// The trace format's message types, loaded by reflection from schemas/trace.proto, the only
// definition of the format. The file sits two levels below the package root both as
// src/trace/trace-schema.ts and as dist/trace/trace-schema.js.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { assert } from '../assert.js';

const PROTO_PATH = fileURLToPath(new URL('../../schemas/trace.proto', import.meta.url));

/** The parsed schema, package `faultline.v1`. */
export const traceSchema: protobuf.Root = protobuf.loadSync(PROTO_PATH);
traceSchema.resolveAll();

/** `Record`: oneof header | batch | footer; one per length-delimited record of a trace file. */
export const RecordType: protobuf.Type = traceSchema.lookupType('faultline.v1.Record');
/** `Event`: common fields and the oneof `kind` payload. */
export const EventType: protobuf.Type = traceSchema.lookupType('faultline.v1.Event');
/** `Batch`: repeated Event events. */
export const BatchType: protobuf.Type = traceSchema.lookupType('faultline.v1.Batch');
/** `Header`: the first record of a trace. */
export const HeaderType: protobuf.Type = traceSchema.lookupType('faultline.v1.Header');
/** `Footer`: the last record of a complete trace. */
export const FooterType: protobuf.Type = traceSchema.lookupType('faultline.v1.Footer');

/** The 8 bytes every trace file starts with. */
export const TRACE_MAGIC: Buffer = Buffer.from('FLTRACE1', 'latin1');

/** The current Header.version written by faultline. */
export const TRACE_VERSION = 1;

// 64-bit values decode as long.js Longs: exact integers need it (protobufjs falls back to
// lossy numbers without it).
assert(protobuf.util.Long !== undefined, 'protobufjs found no long.js: 64-bit ids would lose precision');

/** A protobufjs 64-bit value: a long.js Long (the decoder's choice) or a safe number. */
export type ProtoLong = protobuf.Long | number;

// One 64-bit scratch word seen as two 32-bit halves (little-endian on every supported host):
// converts between bigint and Long without intermediate bigints.
const WORD = new BigUint64Array(1);
const HALVES = new Uint32Array(WORD.buffer);
assert(new Uint8Array(new Uint16Array([1]).buffer)[0] === 1, 'faultline assumes a little-endian host');

/** Long from a uint64 bigint (0 ≤ value < 2^64). */
export function longFromBigInt(value: bigint): protobuf.Long {
  assert(value >= 0n && value <= 0xffff_ffff_ffff_ffffn, `uint64 out of range: ${value}`);
  WORD[0] = value;
  return new protobuf.util.Long(HALVES[0] | 0, HALVES[1] | 0, true);
}

/** Exact unsigned bigint of a decoded 64-bit value. */
export function bigIntFromLong(value: ProtoLong): bigint {
  if (typeof value === 'number') return BigInt.asUintN(64, BigInt(value));
  HALVES[0] = value.low;
  HALVES[1] = value.high;
  return WORD[0];
}

/** Number of a decoded 64-bit value (timestamps, inodes, offsets: all below 2^53). */
export function numberFromLong(value: ProtoLong): number {
  if (typeof value === 'number') return value;
  const high = value.unsigned ? value.high >>> 0 : value.high;
  return high * 0x1_0000_0000 + (value.low >>> 0);
}
