import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/trace/errors.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { MAX_RECORD_BYTES } from '../../src/trace/record-reader.js';
import { RecordType, TRACE_MAGIC } from '../../src/trace/trace-schema.js';
import { MAX_BAD_BYTES_IN_A_ROW, MAX_BAD_RECORDS_IN_A_ROW, readTrace } from '../../src/trace/trace-reader.js';
import { encodeRecord, writeTrace } from '../../src/trace/trace-writer.js';
import { headerToProto } from '../../src/trace/header-proto.js';
import { acquire, eventsOfEveryKind, lostEvent, release, timed, traceHeader } from '../helpers/trace-builders.js';
import { readAllBatches, readAllEvents, readableOf, traceTempDir } from '../helpers/trace-files.js';

const events = (n: number): TraceEvent[] =>
  timed(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? acquire(1 + (i % 7), i) : release(1 + ((i - 1) % 7), i - 1))));

/** The bytes of a trace written with writeTrace, and each record's end offset. */
async function traceBytes(list: readonly TraceEvent[], batchSize = 4096): Promise<{ bytes: Buffer; recordEnds: number[] }> {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _e, cb) { chunks.push(Buffer.from(chunk)); cb(); } });
  await writeTrace(stream, traceHeader(), list, { batchSize });
  const recordEnds: number[] = [];
  let end = 0;
  for (const chunk of chunks) recordEnds.push((end += chunk.length));
  return { bytes: Buffer.concat(chunks), recordEnds };
}

const fromStdin = (bytes: Uint8Array, chunkSize?: number) => readTrace('-', { stdin: readableOf(bytes, chunkSize) });

describe('readTrace', () => {
  let tmp: ReturnType<typeof traceTempDir>;
  beforeEach(() => { tmp = traceTempDir(); });
  afterEach(() => tmp.remove());

  it('reads back every kind of event, the header and the footer from a file', async () => {
    const path = tmp.path('all.pb');
    const all = eventsOfEveryKind();
    await writeTrace(path, traceHeader({ meta: { workload: 's1' } }), all, { batchSize: 5 });
    const input = await readTrace(path);
    expect(input.info.header).toEqual(traceHeader({ meta: { workload: 's1' } }));
    expect(await readAllEvents(input)).toEqual(all);
    expect(input.info).toMatchObject({ path, format: 'pb', events: all.length, lost: 42, complete: true, skipped: 0 });
  });

  it('yields one Batch per batch record', async () => {
    const { bytes } = await traceBytes(events(10), 4);
    expect((await readAllBatches(await fromStdin(bytes))).map((b) => b.length)).toEqual([4, 4, 2]);
  });

  it.each([1, 7, 4096])('reads stdin delivered in %i-byte chunks', async (chunkSize) => {
    const list = events(300);
    const { bytes } = await traceBytes(list, 64);
    const input = await fromStdin(bytes, chunkSize);
    expect(input.info.path).toBe('-');
    expect(await readAllEvents(input)).toEqual(list);
    expect(input.info.complete).toBe(true);
  });

  it('reads a trace larger than its read buffer in records larger than one chunk', async () => {
    const list = events(50_000);
    const { bytes } = await traceBytes(list, 20_000);
    expect(await readAllEvents(await fromStdin(bytes, 1000))).toEqual(list);
  });

  it('reads a trace cut at every byte offset up to the last whole record, as incomplete', async () => {
    const list = [...events(5), lostEvent(3, 'cpu0', { ts: 6000 })];
    const { bytes, recordEnds } = await traceBytes(list, 2);
    const headerEnd = recordEnds[0];
    const batchEnds = recordEnds.slice(1, -1);
    for (let cut = headerEnd; cut < bytes.length; cut++) {
      const wholeBatches = batchEnds.filter((end) => end <= cut).length;
      const input = await fromStdin(bytes.subarray(0, cut));
      if (wholeBatches === 0) {
        await expect(readAllEvents(input), `cut at ${cut}`).rejects.toThrow('no events could be read (the trace ends after its header)');
        continue;
      }
      const read = await readAllEvents(input);
      expect(read, `cut at ${cut}`).toEqual(list.slice(0, 2 * wholeBatches));
      expect(input.info.complete, `cut at ${cut}`).toBe(false);
      expect(input.info.skipped).toBe(0);
      expect(input.info.lost).toBe(wholeBatches === 3 ? 3 : 0);
    }
    const whole = await fromStdin(bytes);
    expect(await readAllEvents(whole)).toEqual(list);
    expect(whole.info).toMatchObject({ complete: true, lost: 3 });
  });

  it('refuses a trace cut inside its header', async () => {
    const { bytes, recordEnds } = await traceBytes(events(1));
    await expect(fromStdin(bytes.subarray(0, recordEnds[0] - 1))).rejects.toThrow(
      /^stdin: expected a header record after the magic, got a truncated record/);
  });

  it.each([
    ['wrong magic', Buffer.from('FLTRACE2 and more'), 'expected FLTRACE1 magic, got "FLTRACE2"'],
    ['random bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]), 'expected FLTRACE1 magic, got ".PNG...."'],
    ['a short file', Buffer.from('FLTR'), 'expected FLTRACE1 magic, got "FLTR" (4 bytes)'],
    ['an empty file', Buffer.alloc(0), 'expected FLTRACE1 magic, got end of input'],
    ['the magic alone', TRACE_MAGIC, 'expected a header record after the magic, got end of input'],
    ['a batch first', Buffer.concat([TRACE_MAGIC, encodeRecord({ batch: { events: [] } })]), 'expected a header record after the magic, got a batch record'],
  ])('rejects %s with an InputError naming the file', async (_what, bytes, message) => {
    const path = tmp.path('bad.pb');
    writeFileSync(path, bytes);
    const failure = readTrace(path);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(`${path}: ${message}`);
  });

  it.each([
    ['a missing file', 'missing.pb', 'no such file'],
    ['a directory', 'dir', 'is a directory, expected a trace file'],
  ])('rejects %s', async (_what, name, message) => {
    mkdirSync(tmp.path('dir'), { recursive: true });
    await expect(readTrace(tmp.path(name))).rejects.toThrow(`${tmp.path(name)}: ${message}`);
  });

  it('skips a record that does not decode, counts it with its offset and reads on', async () => {
    const header = Buffer.concat([TRACE_MAGIC, encodeRecord({ header: headerToProto(traceHeader()) })]);
    const good = (list: TraceEvent[]) => (traceBytes(list).then(({ bytes, recordEnds }) => bytes.subarray(recordEnds[0], recordEnds[1])));
    const garbage = Buffer.from([5, 0xff, 0xff, 0xff, 0xff, 0xff]); // a 5-byte record of an endless varint
    const first = await good(events(2));
    const second = await good(events(3));
    const bytes = Buffer.concat([header, first, garbage, second]);
    const input = await fromStdin(bytes);
    expect(await readAllEvents(input)).toEqual([...events(2), ...events(3)]);
    expect(input.info.skipped).toBe(1);
    expect(input.info.skippedSamples[0].offset).toBe(header.length + first.length);
    expect(input.info.skippedSamples[0].reason).toBe('record of 5 bytes starts with byte 0xff, expected a header, batch, footer or symbols');
    expect(input.info.complete).toBe(false);
  });

  it('skips an event of an unknown kind inside a batch', async () => {
    const header = Buffer.concat([TRACE_MAGIC, encodeRecord({ header: headerToProto(traceHeader()) })]);
    const batch = encodeRecord({ batch: { events: [{ ts: 1, tid: 1, exit: {} }, { ts: 2, tid: 1 }] } });
    const input = await fromStdin(Buffer.concat([header, batch]));
    expect((await readAllEvents(input)).map((e) => e.kind)).toEqual(['exit']);
    expect(input.info.skippedSamples).toEqual([{ offset: header.length, reason: 'event 1 of the batch: event has no known kind' }]);
  });

  it('stops at a record length beyond any sane record, as incomplete', async () => {
    const { bytes, recordEnds } = await traceBytes(events(2));
    const huge = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]); // 2^32 - 1 bytes
    expect(2 ** 32 - 1).toBeGreaterThan(MAX_RECORD_BYTES);
    const input = await fromStdin(Buffer.concat([bytes.subarray(0, recordEnds[1]), huge, Buffer.alloc(100)]));
    expect(await readAllEvents(input)).toEqual(events(2));
    expect(input.info.complete).toBe(false);
    expect(input.info.skippedSamples[0]).toEqual({
      offset: recordEnds[1], reason: `expected a record length up to ${MAX_RECORD_BYTES} bytes, got 4294967295 bytes; stopped reading`,
    });
  });

  it('passes over a record that lies about its length without buffering it', async () => {
    const { bytes, recordEnds } = await traceBytes(events(2));
    // A record claiming the largest length believed, its bytes not a Record field (zeros).
    const lie = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(2 ** 28).toBe(MAX_RECORD_BYTES);
    const body = Buffer.alloc(MAX_RECORD_BYTES);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const chunks = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.concat([bytes.subarray(0, recordEnds[1]), lie]);
      for (let i = 0; i < body.length; i += 1 << 20) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
        yield body.subarray(i, i + (1 << 20));
      }
      yield bytes.subarray(recordEnds[0], recordEnds[1]);
    };
    const input = await readTrace('-', { stdin: Readable.from(chunks(), { objectMode: false }) });
    // More bytes of garbage in a row than MAX_BAD_BYTES_IN_A_ROW: reading stops after it.
    expect(await readAllEvents(input)).toEqual(events(2));
    expect(input.info.skippedSamples.map((s) => s.reason)).toEqual([
      `record of ${MAX_RECORD_BYTES} bytes starts with byte 0x00, expected a header, batch, footer or symbols`,
      `1 unreadable records (${MAX_RECORD_BYTES + 5} bytes) in a row; stopped reading`,
    ]);
    // The read buffer (4 MiB) and a chunk or two, not the 256 MiB the length claims.
    expect(peak).toBeLessThan(32 << 20);
  });

  it('ends at once on a record length whose bytes never come', async () => {
    const { bytes, recordEnds } = await traceBytes(events(2));
    const input = await fromStdin(Buffer.concat([bytes.subarray(0, recordEnds[1]), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x01, 0x12])]));
    expect(await readAllEvents(input)).toEqual(events(2));
    expect(input.info.complete).toBe(false);
  });

  it.each([
    ['empty records (a header, then zeros)', Buffer.alloc(2 * MAX_BAD_RECORDS_IN_A_ROW), `${MAX_BAD_RECORDS_IN_A_ROW} unreadable records (${MAX_BAD_RECORDS_IN_A_ROW} bytes) in a row; stopped reading`],
    ['records of garbage', Buffer.concat(Array.from({ length: 3 }, () => Buffer.concat([Buffer.from([0x80, 0x80, 0x80, 0x10]), Buffer.alloc(1 << 25)]))), `2 unreadable records (${2 * ((1 << 25) + 4)} bytes) in a row; stopped reading`],
  ])('stops after a bounded run of %s and says so', async (_name, tail, stop) => {
    expect(MAX_BAD_BYTES_IN_A_ROW).toBe(1 << 26);
    const { bytes, recordEnds } = await traceBytes(events(2));
    const input = await fromStdin(Buffer.concat([bytes.subarray(0, recordEnds[1]), tail, bytes.subarray(recordEnds[0], recordEnds[1])]), 1 << 20);
    expect(await readAllEvents(input)).toEqual(events(2));
    expect(input.info.skippedSamples.at(-1)?.reason).toBe(stop);
  });

  it('counts data after the footer as skipped', async () => {
    const { bytes } = await traceBytes(events(2));
    const input = await fromStdin(Buffer.concat([bytes, Buffer.from([1, 0])]));
    expect(await readAllEvents(input)).toEqual(events(2));
    expect(input.info).toMatchObject({ complete: true, skipped: 1 });
    expect(input.info.skippedSamples[0]).toEqual({ offset: bytes.length, reason: 'data after the footer ignored' });
  });

  it('rejects at the end of batches a complete trace without events', async () => {
    const path = tmp.path('empty.pb');
    await writeTrace(path, traceHeader(), []);
    const input = await readTrace(path);
    expect(input.info.header?.collector).toBe('test');
    await expect(readAllEvents(input)).rejects.toThrow(`${path}: no events could be read (the trace holds none)`);
  });

  it('writes a file a reader of the bytes on disk reads the same', async () => {
    const path = tmp.path('disk.pb');
    const { bytes } = await traceBytes(events(3));
    writeFileSync(path, bytes);
    await writeTrace(tmp.path('again.pb'), traceHeader(), events(3));
    expect(readFileSync(tmp.path('again.pb'))).toEqual(bytes);
    expect(RecordType.name).toBe('Record');
  });
});
