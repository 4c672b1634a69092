// A schema-specific decoder of one `faultline.v1.Event` into a TraceEvent, driven by tables built
// once from the schema's reflection (schemas/trace.proto stays the only list of fields). It gives
// what protobufjs decoding + eventFromProto gives for every well-formed event; the replay path
// uses it to materialise events on demand (trace/fast-batch-decoder.ts).
import protobuf from 'protobufjs';
import { assert } from '../assert.js';
import { EVENT_KINDS, type EventKind, type TraceEvent } from './event.js';
import { KIND_SPECS, isProtoDefault, type FieldSpec } from './event-fields.js';
import { WireReader } from './fast-wire-reader.js';
import { InvalidEventError } from './invalid-event-error.js';
import { EventType } from './trace-schema.js';

/** How the decoder reads one payload field. */
interface PayloadField {
  readonly spec: FieldSpec;
  /** Position in the kind's spec order (the payload object's key order). */
  readonly position: number;
  readonly wire: number;
}

interface PayloadTable {
  readonly kind: EventKind;
  /** By field number; undefined for unknown numbers (skipped). */
  readonly byNumber: readonly (PayloadField | undefined)[];
  readonly fields: readonly FieldSpec[];
  /** Values of absent fields, in spec order (undefined for optional ones: left out). */
  readonly defaults: readonly unknown[];
}

function wireOf(spec: FieldSpec): number {
  return spec.repr === 'string' ? 2 : 0;
}

function defaultOf(spec: FieldSpec): unknown {
  if (spec.optional || spec.dropDefault) return undefined;
  switch (spec.repr) {
    case 'uint32': case 'int32': case 'number64': return 0;
    case 'bigint64': return 0n;
    case 'bool': return false;
    case 'string': return '';
    case 'enum': return spec.enumNames[0];
  }
}

function payloadTable(kind: EventKind): PayloadTable {
  const type = EventType.fields[kind].resolvedType as protobuf.Type;
  const fields = KIND_SPECS[kind].fields;
  const byNumber: (PayloadField | undefined)[] = [];
  fields.forEach((spec, position) => {
    const id = type.fields[spec.name].id;
    byNumber[id] = { spec, position, wire: wireOf(spec) };
  });
  return { kind, byNumber, fields, defaults: fields.map(defaultOf) };
}

/** Payload tables by the Event field number of each kind (10..23 in schemas/trace.proto). */
export const PAYLOAD_TABLES: readonly (PayloadTable | undefined)[] = (() => {
  const tables: (PayloadTable | undefined)[] = [];
  for (const kind of EVENT_KINDS) tables[EventType.fields[kind].id] = payloadTable(kind);
  return tables;
})();

// Field numbers of the Event's common fields.
export const EVENT_TS = EventType.fields.ts.id;
export const EVENT_TID = EventType.fields.tid.id;
export const EVENT_PID = EventType.fields.pid.id;
export const EVENT_CPU = EventType.fields.cpu.id;
export const EVENT_COMM = EventType.fields.comm.id;
export const EVENT_STACK = EventType.fields.stack.id;
export const EVENT_STACK_ID = EventType.fields.stackId.id;
assert(EVENT_TS === 1 && EVENT_TID === 2 && EVENT_STACK === 6 && EVENT_STACK_ID === 7, 'schema field numbers of Event changed: review trace/fast-*.ts');

/** The stacks of a trace's Symbols records by id (trace-symbols.ts). */
export interface StackLookup {
  stack(id: number): readonly bigint[] | undefined;
}

// One 64-bit word seen as two halves: a bigint from halves without string parsing.
const WORD = new BigUint64Array(1);
const HALVES = new Uint32Array(WORD.buffer);

/** The uint64 of two 32-bit halves, as a bigint. */
export function bigIntOfHalves(lo: number, hi: number): bigint {
  HALVES[0] = lo;
  HALVES[1] = hi;
  return WORD[0];
}

function stringAt(r: WireReader): string {
  const end = r.delimited();
  const text = Buffer.prototype.utf8Slice.call(r.buf, r.pos, end) as string;
  r.pos = end;
  return text;
}

function checkWire(r: WireReader, wire: number, expected: number, name: string): void {
  if (wire !== expected) r.fail(`field ${name} has wire type ${wire}, expected ${expected}`);
}

function readValue(r: WireReader, spec: FieldSpec): unknown {
  switch (spec.repr) {
    case 'uint32': return r.varint32();
    case 'int32': return r.varint32() | 0;
    case 'number64': return spec.signed ? r.int64Number() : r.uint64Number();
    case 'bigint64': r.varint64(); return bigIntOfHalves(r.lo, r.hi);
    case 'bool': return r.varint32() !== 0;
    case 'string': return stringAt(r);
    case 'enum': {
      const code = r.varint32() | 0;
      const name = spec.enumNames[code];
      if (name === undefined) throw new InvalidEventError(`${spec.name}: unknown enum value ${code}`);
      return name;
    }
  }
}

// The payload message in r[pos, end) as an object in spec order.
function readPayload(r: WireReader, table: PayloadTable, end: number): Record<string, unknown> {
  const outerEnd = r.end;
  r.end = end;
  const values = table.defaults.slice();
  while (r.pos < end) {
    const tag = r.varint32();
    const field = table.byNumber[tag >>> 3];
    if (field === undefined) {
      r.skip(tag & 7);
      continue;
    }
    checkWire(r, tag & 7, field.wire, field.spec.name);
    values[field.position] = readValue(r, field.spec);
  }
  r.end = outerEnd;
  const payload: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) {
    const spec = table.fields[i];
    if (values[i] !== undefined && !(spec.dropDefault && isProtoDefault(spec, values[i]))) payload[spec.name] = values[i];
  }
  return payload;
}

/**
 * The TraceEvent of the Event message in `buf[start, end)`. WireError when the bytes are
 * malformed (the whole record is unreadable); InvalidEventError when the event has no known kind
 * or an unknown enum value (that event alone is skipped). A `stackId` is looked up in `stacks`
 * (the event gets that `stack` unless it carries one itself).
 */
export function decodeEvent(r: WireReader, buf: Uint8Array, start: number, end: number, stacks?: StackLookup): TraceEvent {
  r.reset(buf, start, end);
  let ts = 0;
  let tid = 0;
  let pid = 0;
  let cpu = 0;
  let comm: string | undefined;
  let stackId = 0;
  const stack: bigint[] = [];
  let kindTable: PayloadTable | undefined;
  let payload: Record<string, unknown> | undefined;
  // protobufjs keeps every oneof member it read and names the one first read last: the same here.
  const seenKinds: number[] = [];
  while (r.pos < end) {
    const tag = r.varint32();
    const number = tag >>> 3;
    const wire = tag & 7;
    switch (number) {
      case EVENT_TS: checkWire(r, wire, 0, 'ts'); ts = r.uint64Number(); break;
      case EVENT_TID: checkWire(r, wire, 0, 'tid'); tid = r.varint32(); break;
      case EVENT_PID: checkWire(r, wire, 0, 'pid'); pid = r.varint32(); break;
      case EVENT_CPU: checkWire(r, wire, 0, 'cpu'); cpu = r.varint32(); break;
      case EVENT_COMM: checkWire(r, wire, 2, 'comm'); comm = stringAt(r); break;
      case EVENT_STACK_ID: checkWire(r, wire, 0, 'stackId'); stackId = r.varint32(); break;
      case EVENT_STACK:
        if (wire === 2) {
          const packedEnd = r.delimited();
          const outerEnd = r.end;
          r.end = packedEnd;
          while (r.pos < packedEnd) { r.varint64(); stack.push(bigIntOfHalves(r.lo, r.hi)); }
          r.end = outerEnd;
        } else {
          checkWire(r, wire, 0, 'stack');
          r.varint64();
          stack.push(bigIntOfHalves(r.lo, r.hi));
        }
        break;
      default: {
        const table = PAYLOAD_TABLES[number];
        if (table === undefined) {
          r.skip(wire);
          break;
        }
        checkWire(r, wire, 2, table.kind);
        const payloadEnd = r.delimited();
        const read = readPayload(r, table, payloadEnd);
        if (!seenKinds.includes(number)) {
          seenKinds.push(number);
          kindTable = table;
          payload = read;
        } else if (table === kindTable) {
          payload = read;
        }
      }
    }
  }
  if (kindTable === undefined || payload === undefined) throw new InvalidEventError('event has no known kind');
  const event: Record<string, unknown> = { ts, tid, pid, cpu };
  if (comm !== undefined) event.comm = comm;
  if (stack.length > 0) event.stack = stack;
  if (stackId !== 0) {
    event.stackId = stackId;
    const shared = stack.length > 0 ? undefined : stacks?.stack(stackId);
    if (shared !== undefined) event.stack = shared;
  }
  event.kind = kindTable.kind;
  event[kindTable.kind] = payload;
  return event as unknown as TraceEvent;
}
