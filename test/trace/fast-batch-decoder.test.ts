import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src/gen/prng.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { eventFromProto, type ProtoObject } from '../../src/trace/event-proto.js';
import type { ColumnParts } from '../../src/trace/column-parts.js';
import { createBatchDecoder } from '../../src/trace/fast-batch-decoder.js';
import { columnsOf, LOCK_CODE, LOCK_MODE_MASK, LOCK_MODE_SHIFT, LOCK_OP_MASK, LOCK_TRY_BIT } from '../../src/trace/fast-event-columns.js';
import { WireError } from '../../src/trace/fast-wire-reader.js';
import { InvalidEventError } from '../../src/trace/invalid-event-error.js';
import { BatchType, RecordType } from '../../src/trace/trace-schema.js';
import { randomEvent, randomEvents, referenceBatchBytes } from '../helpers/fast-decoder-fuzz.js';
import { lockEvent, pthreadLockEvents } from '../helpers/trace-builders.js';

// The reference: protobufjs, then eventFromProto; an event it cannot represent is left out.
function referenceDecode(batch: Uint8Array): TraceEvent[] {
  const message = BatchType.decode(batch) as unknown as { events: ProtoObject[] };
  const out: TraceEvent[] = [];
  for (const event of message.events) {
    try { out.push(eventFromProto(event)); } catch (error) { if (!(error instanceof InvalidEventError)) throw error; }
  }
  return out;
}

function fastDecode(batch: Uint8Array, invalid: number[] = []): TraceEvent[] {
  return [...createBatchDecoder().decode(batch, 0, batch.length, (i) => invalid.push(i))];
}

// The Batch bodies of a .pb file (records after the magic whose kind is batch).
function batchBodies(path: string): Buffer[] {
  const file = readFileSync(path);
  const bodies: Buffer[] = [];
  let pos = 8;
  while (pos < file.length) {
    let length = 0;
    let shift = 0;
    for (;;) { const b = file[pos++]; length += (b & 0x7f) * 2 ** shift; shift += 7; if (b < 0x80) break; }
    const record = RecordType.decode(file.subarray(pos, pos + length)) as unknown as { kind?: string };
    if (record.kind === 'batch') bodies.push(Buffer.from(BatchType.encode((record as unknown as { batch: object }).batch).finish()));
    pos += length;
  }
  return bodies;
}

const samples = readdirSync('traces').filter((f) => f.endsWith('.pb')).sort();

describe('the schema-specific batch decoder', () => {
  it.each(samples)('decodes sample %s as protobufjs does', (name) => {
    const bodies = batchBodies(join('traces', name));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(fastDecode(body)).toEqual(referenceDecode(body));
  });

  it.each([1, 2, 3, 4, 5])('decodes random events of every kind as protobufjs does (seed %i)', (seed) => {
    const events = randomEvents(seed, 400);
    const bytes = referenceBatchBytes(events);
    expect(fastDecode(bytes)).toEqual(referenceDecode(bytes));
    expect(fastDecode(bytes)).toEqual(events);
  });

  it('decodes into recycled arrays, longer and dirty, exactly as into fresh ones', () => {
    const pool: ColumnParts[] = [];
    const decoder = createBatchDecoder(() => pool.pop());
    for (const seed of [11, 12, 13]) {
      const bytes = referenceBatchBytes(randomEvents(seed, 300 - 50 * (seed - 11)));
      const batch = decoder.decode(bytes, 0, bytes.length, () => undefined);
      const columns = columnsOf(batch)!;
      expect([...batch]).toEqual(referenceDecode(bytes));
      expect(columns.parts.length).toBe(batch.length);
      // Give the arrays back dirty: the next, smaller batch is decoded into them.
      columns.parts.code.fill(0xff);
      columns.parts.bytes.fill(0xee);
      pool.push(columns.parts);
    }
  });

  it('keeps 0xffff… lock ids exact and interns them to dense ids in order of first sight', () => {
    const ids = [0xffff_8880_0000_0040n, 0xffff_ffff_ffff_ffffn, 0xffff_8880_0000_0040n, 1n];
    const events = ids.map((id, i) => lockEvent(7, i % 2 === 0 ? 'ACQUIRE' : 'RELEASE', id, { ts: i + 1, mode: 'SHARED', try: i === 3 }));
    const bytes = referenceBatchBytes(events);
    const batch = createBatchDecoder().decode(bytes, 0, bytes.length, () => undefined);
    const columns = columnsOf(batch);
    expect(columns).toBeDefined();
    expect([...columns!.lock]).toEqual([0, 1, 0, 2]);
    expect([...columns!.code].map((c) => [c & LOCK_CODE, c & LOCK_OP_MASK, (c >> LOCK_MODE_SHIFT) & LOCK_MODE_MASK, (c & LOCK_TRY_BIT) !== 0]))
      .toEqual([[LOCK_CODE, 0, 1, false], [LOCK_CODE, 1, 1, false], [LOCK_CODE, 0, 1, false], [LOCK_CODE, 1, 1, true]]);
    expect([...columns!.ts]).toEqual([1, 2, 3, 4]);
    expect([...batch]).toEqual(events);
  });

  it('hands lock events with a comm, stack or symbol name over as events, not columns', () => {
    const events = [
      lockEvent(1, 'ACQUIRE', 5, { comm: 'a' }),
      lockEvent(1, 'ACQUIRE', 6, { stack: [0xffff_ffff_8100_0000n] }),
      lockEvent(1, 'ACQUIRE', 7, { name: 'inode->i_rwsem' }),
      lockEvent(1, 'ACQUIRE', 8, { cls: 'i_rwsem' }),
    ];
    const bytes = referenceBatchBytes(events);
    const columns = columnsOf(createBatchDecoder().decode(bytes, 0, bytes.length, () => undefined))!;
    expect([...columns.code].map((c) => c !== 0)).toEqual([false, false, false, true]);
    expect([0, 1, 2, 3].map((i) => columns.eventAt(i))).toEqual(events);
  });

  it('keeps only plain ACQUIRE, RELEASE and TRY_FAILED without a type as columns', () => {
    const events = [...pthreadLockEvents(), lockEvent(3, 'ACQUIRE', 9), lockEvent(3, 'TRY_FAILED', 9, { try: true }), lockEvent(3, 'RELEASE', 9)];
    const bytes = referenceBatchBytes(events);
    const batch = createBatchDecoder().decode(bytes, 0, bytes.length, () => undefined);
    const columns = columnsOf(batch)!;
    const plain = events.length - 3;
    expect([...columns.code].map((c) => c !== 0)).toEqual([...Array<boolean>(plain).fill(false), true, true, true]);
    expect([...batch]).toEqual(events);
  });

  it('skips and reports alone an event with an unknown enum value or no kind', () => {
    const bytes = Buffer.from(BatchType.encode({ events: [
      { ts: 1, tid: 1, lock: { op: 0, lock: 1, mode: 9 } },
      { ts: 2, tid: 1 },
      { ts: 3, tid: 1, exit: {} },
    ] }).finish());
    const invalid: number[] = [];
    expect(fastDecode(bytes, invalid)).toEqual(referenceDecode(bytes));
    expect(invalid).toEqual([0, 1]);
  });

  it('reads a batch cut at any byte as protobufjs does, into fresh or dirty recycled arrays', () => {
    const stack = Array.from({ length: 40 }, (_, i) => 0xffff_ffff_8100_0000n + BigInt(i));
    // Events with a one-byte length and one (the stack) with a longer length.
    const events = [lockEvent(1, 'ACQUIRE', 5), lockEvent(1, 'ACQUIRE', 6, { stack }), lockEvent(1, 'RELEASE', 5)];
    const bytes = referenceBatchBytes(events);
    expect(fastDecode(bytes)).toEqual(events);
    // The events, or 'malformed' when the decoder throws (ours: only WireError).
    const outcome = (decode: () => TraceEvent[], ours = true): TraceEvent[] | 'malformed' => {
      try {
        return decode();
      } catch (error) {
        if (ours && !(error instanceof WireError)) throw error;
        return 'malformed';
      }
    };
    // Arrays that held the whole batch: past a cut, they still hold the rest of its events.
    const dirty = columnsOf(createBatchDecoder().decode(bytes, 0, bytes.length, () => undefined))!.parts;
    for (let cut = 0; cut < bytes.length; cut++) {
      const expected = outcome(() => referenceDecode(bytes.subarray(0, cut)), false);
      // The batch's bytes end at the cut of a longer buffer, as in the reader's reused one.
      expect(outcome(() => [...createBatchDecoder().decode(bytes, 0, cut, () => undefined)])).toEqual(expected);
      const recycling = createBatchDecoder(() => dirty);
      expect(outcome(() => [...recycling.decode(bytes, 0, cut, () => undefined)])).toEqual(expected);
    }
    expect(() => fastDecode(bytes.subarray(0, bytes.length - 1))).toThrow(WireError);
  });

  it('never crashes on corrupted bytes: each either decodes or throws WireError', () => {
    const prng = createPrng(42);
    const events = Array.from({ length: 200 }, () => randomEvent(prng));
    const clean = referenceBatchBytes(events);
    let malformed = 0;
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(clean);
      for (let k = 0; k < 1 + prng.below(8); k++) bytes[prng.below(bytes.length)] = prng.below(256);
      try {
        const decoded = fastDecode(bytes);
        expect(decoded.length).toBeLessThanOrEqual(events.length + 8);
      } catch (error) {
        expect(error).toBeInstanceOf(WireError);
        malformed++;
      }
    }
    expect(malformed).toBeGreaterThan(0);
  });

  it('behaves as an array for every other reader: spread, map, JSON, index, iteration', () => {
    const events = randomEvents(9, 50);
    const bytes = referenceBatchBytes(events);
    const batch = createBatchDecoder().decode(bytes, 0, bytes.length, () => undefined);
    expect(Array.isArray(batch)).toBe(true);
    expect(batch.length).toBe(50);
    expect(batch[3]).toEqual(events[3]);
    expect(batch.map((e) => e.kind)).toEqual(events.map((e) => e.kind));
    expect(JSON.stringify(batch, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
      .toBe(JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  });
});
