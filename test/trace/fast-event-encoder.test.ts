import { describe, expect, it } from 'vitest';
import { eventFromProto, type ProtoObject } from '../../src/trace/event-proto.js';
import { ByteWriter } from '../../src/trace/fast-byte-writer.js';
import { encodeBatchRecord } from '../../src/trace/fast-event-encoder.js';
import { RecordType } from '../../src/trace/trace-schema.js';
import { randomEvents } from '../helpers/fast-decoder-fuzz.js';

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
