// Random TraceEvents of every kind (for the schema-specific decoder and encoder tests), and
// Batch record bodies encoded by protobufjs, the reference.
import { EVENT_KINDS, type TraceEvent } from '../../src/trace/event.js';
import { KIND_SPECS, isProtoDefault, type FieldSpec } from '../../src/trace/event-fields.js';
import { eventToProto } from '../../src/trace/event-proto.js';
import { BatchType } from '../../src/trace/trace-schema.js';
import { createPrng, type Prng } from '../../src/gen/prng.js';

const U64_SAMPLES = [0n, 1n, 127n, 128n, 0xffff_ffffn, 0x1_0000_0000n, 0xffff_8880_1234_5678n, 0xffff_ffff_ffff_ffffn];

function randomValue(prng: Prng, spec: FieldSpec): unknown {
  switch (spec.repr) {
    case 'uint32': return prng.below(4) === 0 ? 0xffff_ffff : prng.below(100_000);
    case 'int32': return prng.below(100_000) - 50_000;
    case 'number64': return spec.signed ? prng.below(2 ** 30) - 2 ** 29 : prng.below(4) === 0 ? 2 ** 52 + prng.below(1000) : prng.below(2 ** 31);
    case 'bigint64': return U64_SAMPLES[prng.below(U64_SAMPLES.length)] ^ BigInt(prng.below(256));
    case 'bool': return prng.below(2) === 1;
    case 'string': return ['', 'a', 'pagecache', 'ünïcode ✓', 'x'.repeat(200)][prng.below(5)];
    case 'enum': return spec.enumNames[prng.below(spec.enumNames.length)];
  }
}

/** A random event; `kind` picks one, else any kind. */
export function randomEvent(prng: Prng, kind = EVENT_KINDS[prng.below(EVENT_KINDS.length)]): TraceEvent {
  const payload: Record<string, unknown> = {};
  for (const spec of KIND_SPECS[kind].fields) {
    if ((spec.optional || spec.dropDefault) && prng.below(2) === 0) continue;
    const value = randomValue(prng, spec);
    // A dropDefault field at its default is absent, as every codec reads it.
    if (!(spec.dropDefault && isProtoDefault(spec, value))) payload[spec.name] = value;
  }
  const event: Record<string, unknown> = { ts: prng.below(2 ** 31) * 1000, tid: prng.below(5) + 1, pid: prng.below(3), cpu: prng.below(4) };
  if (prng.below(4) === 0) event.comm = 'task';
  if (prng.below(4) === 0) event.stack = [U64_SAMPLES[prng.below(U64_SAMPLES.length)], 0xffff_ffff_8100_0000n];
  event.kind = kind;
  event[kind] = payload;
  return event as unknown as TraceEvent;
}

/** `n` random events from `seed`, every kind present when n ≥ the number of kinds. */
export function randomEvents(seed: number, n: number): TraceEvent[] {
  const prng = createPrng(seed);
  return Array.from({ length: n }, (_, i) => randomEvent(prng, i < EVENT_KINDS.length ? EVENT_KINDS[i] : undefined));
}

/** The Batch message of `events` as protobufjs encodes it. */
export function referenceBatchBytes(events: readonly TraceEvent[]): Buffer {
  return Buffer.from(BatchType.encode({ events: events.map(eventToProto) }).finish());
}
