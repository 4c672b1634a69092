// TraceEvent <-> canonical proto3 JSON of `faultline.v1.Event` (lowerCamelCase names).
// Written: every payload field (defaults included, so lines read alike; a field event.ts holds as
// optional only when present), 64-bit integers as
// decimal strings, enums by name. Read leniently: 64-bit integers as strings (decimal or "0x"
// hex) or numbers, enums by name or number, `dev`/`dev2` also as "major:minor", missing fields
// as proto3 defaults, null as absent. Anything else is an InvalidEventError naming the field.
import { makeDev } from './dev.js';
import { EVENT_KINDS, type EventKind, type TraceEvent } from './event.js';
import { KIND_SPECS, isEventKind, isProtoDefault, type FieldSpec } from './event-fields.js';
import { InvalidEventError } from './invalid-event-error.js';
import { quoteLongIntegers } from './quote-long-integers.js';

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
/** A JSON object value. */
export type JsonObject = { readonly [key: string]: Json };

const COMMON_FIELDS: ReadonlySet<string> = new Set(['ts', 'tid', 'pid', 'cpu', 'comm', 'stack', 'stackId']);
const MAX_U64 = 0xffff_ffff_ffff_ffffn;
const DEV_RE = /^(\d+):(\d+)$/;
const INTEGER_RE = /^-?\d+$|^0[xX][0-9a-fA-F]+$/;
// Decimal strings every number holds exactly (below 2^53), as 64-bit fields are written.
const SAFE_DECIMAL_RE = /^\d{1,15}$/;

function valueToJson(spec: FieldSpec, value: unknown): Json {
  switch (spec.repr) {
    case 'bigint64': case 'number64': return String(value);
    case 'uint32': case 'int32': case 'bool': case 'string': case 'enum': return value as Json;
  }
}

/** The canonical JSON object of an event. */
export function eventToJson(event: TraceEvent): JsonObject {
  const payloadIn = (event as unknown as Record<string, Record<string, unknown>>)[event.kind];
  const payload: Record<string, Json> = {};
  for (const spec of KIND_SPECS[event.kind].fields) {
    const value = payloadIn[spec.name];
    if (value !== undefined) payload[spec.name] = valueToJson(spec, value);
  }
  const json: Record<string, Json> = { ts: String(event.ts), tid: event.tid, pid: event.pid, cpu: event.cpu };
  if (event.comm !== undefined) json.comm = event.comm;
  if (event.stack !== undefined && event.stack.length > 0) json.stack = event.stack.map(String);
  json[event.kind] = payload;
  return json;
}

/** One jsonl line (without the newline) of an event. */
export function formatEventJson(event: TraceEvent): string {
  return JSON.stringify(eventToJson(event));
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new InvalidEventError(`${path}: expected ${expected}, got ${describe(got)}`);
}

// An integer field in [min, max], from a JSON number or an integer string.
function readInteger(path: string, value: unknown, min: bigint, max: bigint, expected: string): bigint {
  let result: bigint;
  if (typeof value === 'number' && Number.isSafeInteger(value)) result = BigInt(value);
  else if (typeof value === 'string' && INTEGER_RE.test(value)) result = BigInt(value);
  else return fail(path, expected, value);
  if (result < min || result > max) fail(path, `${expected} in range`, value);
  return result;
}

function readField(path: string, spec: FieldSpec, value: unknown): unknown {
  switch (spec.repr) {
    case 'uint32': {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff) return value;
      const dev = spec.isDev && typeof value === 'string' ? DEV_RE.exec(value) : null;
      if (dev !== null) return makeDev(Number(dev[1]), Number(dev[2]));
      return Number(readInteger(path, value, 0n, 0xffff_ffffn, spec.isDev ? 'a dev_t or "major:minor"' : 'a uint32'));
    }
    case 'int32': {
      if (typeof value === 'number' && Number.isInteger(value) && value >= -0x8000_0000 && value <= 0x7fff_ffff) return value;
      return Number(readInteger(path, value, -0x8000_0000n, 0x7fff_ffffn, 'an int32'));
    }
    case 'number64': {
      if (typeof value === 'number' && Number.isSafeInteger(value) && (spec.signed || value >= 0)) return value;
      if (typeof value === 'string' && SAFE_DECIMAL_RE.test(value)) return Number(value);
      const min = spec.signed ? BigInt(Number.MIN_SAFE_INTEGER) : 0n;
      return Number(readInteger(path, value, min, BigInt(Number.MAX_SAFE_INTEGER), spec.signed ? 'an int64 below 2^53' : 'a uint64 below 2^53'));
    }
    case 'bigint64': return readInteger(path, value, 0n, MAX_U64, 'a uint64 (decimal or 0x string, or number)');
    case 'bool': return typeof value === 'boolean' ? value : fail(path, 'true or false', value);
    case 'string': return typeof value === 'string' ? value : fail(path, 'a string', value);
    case 'enum': {
      // Own names only: "constructor" or "__proto__" is no enum value.
      if (typeof value === 'string' && Object.hasOwn(spec.enumValues, value)) return value;
      if (typeof value === 'number' && Number.isInteger(value) && spec.enumNames[value] !== undefined) return spec.enumNames[value];
      return fail(path, `one of ${spec.enumNames.join('|')}`, value);
    }
  }
}

function defaultOf(spec: FieldSpec): unknown {
  switch (spec.repr) {
    case 'bigint64': return 0n;
    case 'uint32': case 'int32': case 'number64': return 0;
    case 'bool': return false;
    case 'string': return '';
    case 'enum': return spec.enumNames[0];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The payload field names of each kind.
const FIELD_NAMES: ReadonlyMap<EventKind, ReadonlySet<string>> =
  new Map(EVENT_KINDS.map((kind) => [kind, new Set(KIND_SPECS[kind].fields.map((spec) => spec.name))]));

const TS_SPEC: FieldSpec = {
  name: 'ts', repr: 'number64', signed: false, optional: false, dropDefault: false, isDev: false, enumNames: [], enumValues: {},
};
const U32_SPEC: FieldSpec = { ...TS_SPEC, repr: 'uint32' };
const STACK_SPEC: FieldSpec = { ...TS_SPEC, repr: 'bigint64' };

/** The TraceEvent of a parsed JSON value; InvalidEventError says what is wrong. */
export function eventFromJson(value: unknown): TraceEvent {
  if (!isObject(value)) fail('event', 'a JSON object', value);
  let kind: string | undefined;
  for (const key of Object.keys(value)) {
    if (COMMON_FIELDS.has(key)) continue;
    if (!isEventKind(key)) throw new InvalidEventError(`unknown field "${key}"`);
    if (value[key] === null) continue;
    if (kind !== undefined) throw new InvalidEventError(`more than one event kind: ${kind}, ${key}`);
    kind = key;
  }
  if (kind === undefined || !isEventKind(kind)) {
    throw new InvalidEventError(`no event kind: expected one of ${EVENT_KINDS.join(', ')}`);
  }
  const payloadIn = value[kind];
  if (!isObject(payloadIn)) fail(kind, 'a JSON object', payloadIn);
  const specs = KIND_SPECS[kind].fields;
  const names = FIELD_NAMES.get(kind)!;
  for (const key of Object.keys(payloadIn)) {
    if (!names.has(key)) throw new InvalidEventError(`unknown field "${kind}.${key}"`);
  }
  const payload: Record<string, unknown> = {};
  for (const spec of specs) {
    const field = payloadIn[spec.name];
    if (field === undefined || field === null) {
      if (!spec.optional && !spec.dropDefault) payload[spec.name] = defaultOf(spec);
    } else {
      const read = readField(`${kind}.${spec.name}`, spec, field);
      if (!(spec.dropDefault && isProtoDefault(spec, read))) payload[spec.name] = read;
    }
  }
  const common = (name: string, spec: FieldSpec): unknown =>
    value[name] === undefined || value[name] === null ? defaultOf(spec) : readField(name, spec, value[name]);
  const event: Record<string, unknown> = {
    ts: common('ts', TS_SPEC),
    tid: common('tid', U32_SPEC),
    pid: common('pid', U32_SPEC),
    cpu: common('cpu', U32_SPEC),
  };
  if (value.comm !== undefined && value.comm !== null) {
    if (typeof value.comm !== 'string') fail('comm', 'a string', value.comm);
    event.comm = value.comm;
  }
  if (value.stack !== undefined && value.stack !== null) {
    if (!Array.isArray(value.stack)) fail('stack', 'an array of uint64', value.stack);
    if (value.stack.length > 0) event.stack = value.stack.map((frame, i) => readField(`stack[${i}]`, STACK_SPEC, frame));
  }
  event.kind = kind;
  event[kind] = payload;
  return event as unknown as TraceEvent;
}

/** The TraceEvent of one JSON text (a jsonl line); InvalidEventError says what is wrong. */
export function parseEventJson(text: string): TraceEvent {
  let value: unknown;
  try {
    value = JSON.parse(quoteLongIntegers(text));
  } catch (error) {
    throw new InvalidEventError(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  return eventFromJson(value);
}
