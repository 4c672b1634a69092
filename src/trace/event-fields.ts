// The payload fields of each event kind, read from the schema's reflection. One table drives the
// protobuf and the JSON conversions, so schemas/trace.proto stays the only list of fields.
import protobuf from 'protobufjs';
import { assert } from '../assert.js';
import { EVENT_KINDS, type EventKind } from './event.js';
import { EventType } from './trace-schema.js';

/**
 * How a field is held in a TraceEvent: 64-bit fields are `bigint` when they are ids or addresses
 * (`bigint64`), else numbers (`number64`: ts, ino, pos, len, index, counts; all below 2^53).
 */
export type FieldRepr = 'uint32' | 'int32' | 'number64' | 'bigint64' | 'bool' | 'string' | 'enum';

/** One payload field: its name, how it is held, and its enum names if any. */
export interface FieldSpec {
  readonly name: string;
  readonly repr: FieldRepr;
  /** int32/int64: may be negative. */
  readonly signed: boolean;
  /** proto3 `optional`: absent unless set. */
  readonly optional: boolean;
  /**
   * A plain proto3 field that event.ts holds as optional: absent from a TraceEvent when at its
   * default (never written then, left out when read), so events without it read back unchanged.
   */
  readonly dropDefault: boolean;
  /** `dev`/`dev2`: a kernel dev_t, also accepted as "major:minor" in JSON. */
  readonly isDev: boolean;
  /** enum value names by number, and numbers by name. */
  readonly enumNames: readonly string[];
  readonly enumValues: Readonly<Record<string, number>>;
}

/** The payload fields of one event kind. */
export interface KindSpec {
  readonly kind: EventKind;
  readonly fields: readonly FieldSpec[];
}

// The 64-bit fields that event.ts holds as bigint (lock ids, addresses, user buffers).
const BIGINT_FIELDS: ReadonlySet<string> = new Set(['lock', 'lockAddr', 'mm', 'buf', 'address', 'ip', 'start']);
// Plain proto3 fields that event.ts holds as optional ("Message.field").
const DROP_DEFAULT_FIELDS: ReadonlySet<string> = new Set(['LockOp.type', 'LockOp.robust']);

function fieldSpec(field: protobuf.Field): FieldSpec {
  assert(!field.repeated && !field.map, `unexpected repeated payload field ${field.fullName}`);
  const base = {
    name: field.name,
    optional: field.partOf !== null && field.partOf !== undefined && field.partOf.name.startsWith('_'),
    dropDefault: DROP_DEFAULT_FIELDS.has(`${field.parent?.name ?? ''}.${field.name}`),
    isDev: field.name === 'dev' || field.name === 'dev2',
    enumNames: [] as string[],
    enumValues: {} as Record<string, number>,
  };
  if (field.resolvedType instanceof protobuf.Enum) {
    const values = field.resolvedType.values;
    for (const [name, number] of Object.entries(values)) base.enumNames[number] = name;
    return { ...base, repr: 'enum', signed: false, enumValues: { ...values } };
  }
  switch (field.type) {
    case 'uint32': return { ...base, repr: 'uint32', signed: false };
    case 'int32': return { ...base, repr: 'int32', signed: true };
    case 'uint64': return { ...base, repr: BIGINT_FIELDS.has(field.name) ? 'bigint64' : 'number64', signed: false };
    case 'int64': return { ...base, repr: 'number64', signed: true };
    case 'bool': return { ...base, repr: 'bool', signed: false };
    case 'string': return { ...base, repr: 'string', signed: false };
    default: throw new Error(`unsupported payload field type ${field.type} of ${field.fullName}`);
  }
}

function kindSpec(kind: EventKind): KindSpec {
  const field = EventType.fields[kind];
  assert(field !== undefined && field.resolvedType instanceof protobuf.Type, `schema has no event kind ${kind}`);
  return { kind, fields: field.resolvedType.fieldsArray.map(fieldSpec) };
}

const schemaKinds = EventType.oneofs.kind?.fieldsArray.map((field) => field.name) ?? [];
assert(
  schemaKinds.length === EVENT_KINDS.length && schemaKinds.every((name) => (EVENT_KINDS as readonly string[]).includes(name)),
  `event kinds differ: schema has ${schemaKinds.join(',')}, event.ts has ${EVENT_KINDS.join(',')}`,
);

/** Payload fields of every event kind, in schema order. */
export const KIND_SPECS: Readonly<Record<EventKind, KindSpec>> = Object.fromEntries(
  EVENT_KINDS.map((kind) => [kind, kindSpec(kind)]),
) as Record<EventKind, KindSpec>;

/** True when `value` is the proto3 default of `spec` (0, 0n, false, '', the first enum name). */
export function isProtoDefault(spec: FieldSpec, value: unknown): boolean {
  switch (spec.repr) {
    case 'uint32': case 'int32': case 'number64': return value === 0;
    case 'bigint64': return value === 0n;
    case 'bool': return value === false;
    case 'string': return value === '';
    case 'enum': return value === spec.enumNames[0];
  }
}

/** True for a string naming an event kind. */
export function isEventKind(name: string): name is EventKind {
  return Object.prototype.hasOwnProperty.call(KIND_SPECS, name);
}
