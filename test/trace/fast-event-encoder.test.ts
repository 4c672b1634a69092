import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src/gen/prng.js';
import { eventFromProto, eventToProto, type ProtoObject } from '../../src/trace/event-proto.js';
import { ByteWriter } from '../../src/trace/fast-byte-writer.js';
import { encodeBatchRecord, encodeEvent } from '../../src/trace/fast-event-encoder.js';
import { EventType, RecordType } from '../../src/trace/trace-schema.js';
import { randomEvent, randomEvents } from '../helpers/fast-decoder-fuzz.js';
import { pthreadLockEvents } from '../helpers/trace-builders.js';

describe('the schema-specific encoder', () => {
  it.each([1, 2, 3])('writes batch records protobufjs decodes to the same events (seed %i)', (seed) => {
    const events = randomEvents(seed, 300);
    const w = new ByteWriter(16);
    encodeBatchRecord(w, events);
    const bytes = w.take();
    const record = RecordType.decodeDelimited(bytes) as unknown as { kind: string; batch: { events: ProtoObject[] } };
    expect(record.kind).toBe('batch');
    expect(record.batch.events.map(eventFromProto)).toEqual(events);
  });

  it('writes lock events that protobufjs decodes to the same events, defaults left out', () => {
    const prng = createPrng(7);
    for (let i = 0; i < 500; i++) {
      const event = randomEvent(prng, 'lock');
      const w = new ByteWriter(16);
      encodeEvent(w, event);
      expect(eventFromProto(EventType.decode(w.take()) as unknown as ProtoObject)).toEqual(event);
    }
    const w = new ByteWriter(16);
    encodeEvent(w, { ts: 0, tid: 0, pid: 0, cpu: 0, kind: 'lock', lock: { op: 'ACQUIRE', lock: 5n, cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0 } });
    expect([...w.take()]).toEqual([(13 << 3) | 2, 2, 0x10, 5]);
  });

  it('writes FAILED, INIT, DESTROY, lock types and robust that protobufjs decodes to the same events', () => {
    for (const event of pthreadLockEvents()) {
      const w = new ByteWriter(16);
      encodeEvent(w, event);
      expect(eventFromProto(EventType.decode(w.take()) as unknown as ProtoObject)).toEqual(event);
    }
  });

  it.each([[0, 1], [127, 1], [128, 2], [16_383, 2], [16_384, 3], [3_000_000, 4]])(
    'back-patches a %i-byte field with a %i-byte length prefix',
    (length, prefix) => {
      const w = new ByteWriter(4);
      const mark = w.beginDelimited();
      w.bytes(new Uint8Array(length).fill(7));
      w.endDelimited(mark);
      const out = w.take();
      expect(out.length).toBe(length + prefix);
      expect(out[prefix - 1] < 0x80 && (prefix === 1 || out[prefix - 2] >= 0x80)).toBe(true);
      expect(out[prefix]).toBe(length === 0 ? undefined : 7);
    },
  );
});
