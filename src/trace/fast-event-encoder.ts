// A schema-specific encoder of TraceEvents into `faultline.v1.Event` bytes, driven by tables
// built once from the schema's reflection. Fields at their proto3 default are left out (the
// canonical encoding); protobufjs decodes the result to the same event.
import protobuf from 'protobufjs';
import { EVENT_KINDS, type EventKind, type LockOp, type TraceEvent } from './event.js';
import { KIND_SPECS, type FieldSpec } from './event-fields.js';
import type { ByteWriter } from './fast-byte-writer.js';
import { EventType } from './trace-schema.js';

interface EncodeField {
  readonly spec: FieldSpec;
  readonly tag: number;
}

interface EncodeTable {
  readonly tag: number;
  readonly fields: readonly EncodeField[];
}

const TABLES: Readonly<Record<EventKind, EncodeTable>> = Object.fromEntries(EVENT_KINDS.map((kind) => {
  const field = EventType.fields[kind];
  const type = field.resolvedType as protobuf.Type;
  const fields = KIND_SPECS[kind].fields.map((spec) => ({
    spec,
    tag: (type.fields[spec.name].id << 3) | (spec.repr === 'string' ? 2 : 0),
  }));
  return [kind, { tag: (field.id << 3) | 2, fields }];
})) as unknown as Record<EventKind, EncodeTable>;

const TS_TAG = (EventType.fields.ts.id << 3) | 0;
const TID_TAG = (EventType.fields.tid.id << 3) | 0;
const PID_TAG = (EventType.fields.pid.id << 3) | 0;
const CPU_TAG = (EventType.fields.cpu.id << 3) | 0;
const COMM_TAG = (EventType.fields.comm.id << 3) | 2;
const STACK_TAG = (EventType.fields.stack.id << 3) | 2;
const STACK_ID_TAG = (EventType.fields.stackId.id << 3) | 0;

const WORD = new BigUint64Array(1);
const HALVES = new Uint32Array(WORD.buffer);

function writeBigInt(w: ByteWriter, value: bigint): void {
  WORD[0] = value;
  w.varint64(HALVES[0], HALVES[1]);
}

function writeField(w: ByteWriter, field: EncodeField, value: unknown): void {
  const { spec } = field;
  if (value === undefined) return;
  switch (spec.repr) {
    case 'uint32': case 'int32': case 'number64':
      if (value === 0 && !spec.optional) return;
      w.varint32(field.tag);
      w.varintNumber(value as number);
      return;
    case 'bigint64':
      if (value === 0n && !spec.optional) return;
      w.varint32(field.tag);
      writeBigInt(w, value as bigint);
      return;
    case 'bool':
      if (value === false && !spec.optional) return;
      w.varint32(field.tag);
      w.varint32(value === true ? 1 : 0);
      return;
    case 'string':
      if (value === '' && !spec.optional) return;
      w.varint32(field.tag);
      w.string(value as string);
      return;
    case 'enum': {
      const code = spec.enumValues[value as string];
      if (code === undefined) throw new Error(`${spec.name}: not a value of the enum: ${String(value)}`);
      if (code === 0 && !spec.optional) return;
      w.varint32(field.tag);
      w.varintNumber(code);
      return;
    }
  }
}

// LockOp, the event of most traces, written field by field: the generic loop reads the payload
// by computed names, a megamorphic lookup per field.
const LOCK = TABLES.lock;
const lockField = (name: string): EncodeField => LOCK.fields.find((f) => f.spec.name === name)!;
const [OP, ID, CLS, MODE, TRY, SUBCLASS, NAME, TYPE, ROBUST] =
  ['op', 'lock', 'cls', 'mode', 'try', 'subclass', 'name', 'type', 'robust'].map(lockField);

function writeLockOp(w: ByteWriter, op: LockOp): void {
  w.varint32(LOCK.tag);
  const mark = w.beginDelimited();
  writeField(w, OP, op.op);
  if (op.lock !== 0n) { w.varint32(ID.tag); writeBigInt(w, op.lock); }
  if (op.cls !== '') { w.varint32(CLS.tag); w.string(op.cls); }
  writeField(w, MODE, op.mode);
  if (op.try) { w.varint32(TRY.tag); w.varint32(1); }
  if (op.subclass !== 0) { w.varint32(SUBCLASS.tag); w.varintNumber(op.subclass); }
  writeField(w, NAME, op.name);
  writeField(w, TYPE, op.type);
  writeField(w, ROBUST, op.robust);
  w.endDelimited(mark);
}

/** Append the Event message of `event` (without a tag or length) to `w`. */
export function encodeEvent(w: ByteWriter, event: TraceEvent): void {
  if (event.ts !== 0) { w.varint32(TS_TAG); w.varintNumber(event.ts); }
  if (event.tid !== 0) { w.varint32(TID_TAG); w.varint32(event.tid); }
  if (event.pid !== 0) { w.varint32(PID_TAG); w.varint32(event.pid); }
  if (event.cpu !== 0) { w.varint32(CPU_TAG); w.varint32(event.cpu); }
  if (event.comm !== undefined) { w.varint32(COMM_TAG); w.string(event.comm); }
  if (event.stackId !== undefined && event.stackId > 0) {
    w.varint32(STACK_ID_TAG);
    w.varint32(event.stackId);
  } else if (event.stack !== undefined && event.stack.length > 0) {
    w.varint32(STACK_TAG);
    const mark = w.beginDelimited();
    for (const frame of event.stack) writeBigInt(w, frame);
    w.endDelimited(mark);
  }
  if (event.kind === 'lock') {
    writeLockOp(w, event.lock);
    return;
  }
  const table = TABLES[event.kind];
  const payload = (event as unknown as Record<string, Record<string, unknown>>)[event.kind];
  w.varint32(table.tag);
  const mark = w.beginDelimited();
  for (const field of table.fields) writeField(w, field, payload[field.spec.name]);
  w.endDelimited(mark);
}

/** Append `Record { batch: { events } }` as one length-delimited record to `w`. */
export function encodeBatchRecord(w: ByteWriter, events: readonly TraceEvent[]): void {
  const record = w.beginDelimited();
  w.varint32(0x12); // Record.batch = 2
  const batch = w.beginDelimited();
  for (const event of events) {
    w.varint32(0x0a); // Batch.events = 1
    const mark = w.beginDelimited();
    encodeEvent(w, event);
    w.endDelimited(mark);
  }
  w.endDelimited(batch);
  w.endDelimited(record);
}
