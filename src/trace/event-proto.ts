// TraceEvent <-> protobufjs message objects of `faultline.v1.Event`.
// Decoding: Longs become bigint (ids, addresses, stack) or numbers (ts, ino, pos, ...); enums
// become names. Encoding: the reverse, as plain objects EventType.encode accepts.
import type { TraceEvent } from './event.js';
import { KIND_SPECS, isEventKind, isProtoDefault, type FieldSpec } from './event-fields.js';
import { InvalidEventError } from './invalid-event-error.js';
import { bigIntFromLong, longFromBigInt, numberFromLong, type ProtoLong } from './trace-schema.js';

/** A protobufjs message or plain object: fields by name. */
export type ProtoObject = { readonly [field: string]: unknown };

function valueFromProto(spec: FieldSpec, value: unknown): unknown {
  switch (spec.repr) {
    case 'bigint64': return bigIntFromLong(value as ProtoLong);
    case 'number64': return numberFromLong(value as ProtoLong);
    case 'enum': {
      const name = spec.enumNames[value as number];
      if (name === undefined) throw new InvalidEventError(`${spec.name}: unknown enum value ${String(value)}`);
      return name;
    }
    case 'uint32': case 'int32': case 'bool': case 'string': return value;
  }
}

function valueToProto(spec: FieldSpec, value: unknown): unknown {
  switch (spec.repr) {
    case 'bigint64': return longFromBigInt(value as bigint);
    case 'enum': {
      const number = spec.enumValues[value as string];
      if (number === undefined) throw new Error(`${spec.name}: not a value of the enum: ${String(value)}`);
      return number;
    }
    case 'number64': case 'uint32': case 'int32': case 'bool': case 'string': return value;
  }
}

/** The TraceEvent of a decoded Event message; InvalidEventError when it has no known kind. */
export function eventFromProto(message: ProtoObject): TraceEvent {
  const kind = message.kind;
  if (typeof kind !== 'string' || !isEventKind(kind)) throw new InvalidEventError('event has no known kind');
  const payloadIn = message[kind] as ProtoObject;
  const payload: Record<string, unknown> = {};
  for (const spec of KIND_SPECS[kind].fields) {
    const value = payloadIn[spec.name];
    if (spec.optional && (value === null || value === undefined)) continue;
    const read = valueFromProto(spec, value);
    if (spec.dropDefault && isProtoDefault(spec, read)) continue;
    payload[spec.name] = read;
  }
  const event: Record<string, unknown> = {
    ts: numberFromLong(message.ts as ProtoLong),
    tid: message.tid,
    pid: message.pid,
    cpu: message.cpu,
  };
  if (typeof message.comm === 'string') event.comm = message.comm;
  const stack = message.stack as readonly ProtoLong[] | undefined;
  if (stack !== undefined && stack.length > 0) event.stack = stack.map(bigIntFromLong);
  if (typeof message.stackId === 'number' && message.stackId > 0) event.stackId = message.stackId;
  event.kind = kind;
  event[kind] = payload;
  return event as unknown as TraceEvent;
}

/** A plain object that EventType.encode writes as the Event of `event`. */
export function eventToProto(event: TraceEvent): ProtoObject {
  const payloadIn = (event as unknown as Record<string, ProtoObject>)[event.kind];
  const payload: Record<string, unknown> = {};
  for (const spec of KIND_SPECS[event.kind].fields) {
    const value = payloadIn[spec.name];
    if (value === undefined) continue;
    payload[spec.name] = valueToProto(spec, value);
  }
  const message: Record<string, unknown> = { ts: event.ts, tid: event.tid, pid: event.pid, cpu: event.cpu };
  if (event.comm !== undefined) message.comm = event.comm;
  if (event.stackId !== undefined && event.stackId > 0) message.stackId = event.stackId;
  else if (event.stack !== undefined && event.stack.length > 0) message.stack = event.stack.map(longFromBigInt);
  message[event.kind] = payload;
  return message;
}
