import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/trace/errors.js';
import type { ProtoObject } from '../../src/trace/event-proto.js';
import { RecordType, TRACE_MAGIC } from '../../src/trace/trace-schema.js';
import { createTraceWriter, writeTrace } from '../../src/trace/trace-writer.js';
import { acquire, lostEvent, release, timed, traceHeader } from '../helpers/trace-builders.js';
import { traceTempDir } from '../helpers/trace-files.js';

// The records of a trace's bytes after the magic, each as { kind, events or footer }.
function recordsOf(bytes: Uint8Array): ProtoObject[] {
  expect(Buffer.from(bytes.subarray(0, 8))).toEqual(TRACE_MAGIC);
  const reader = protobuf.Reader.create(bytes.subarray(8));
  const records: ProtoObject[] = [];
  while (reader.pos < reader.len) records.push(RecordType.decodeDelimited(reader) as unknown as ProtoObject);
  return records;
}

function batchSizes(records: ProtoObject[]): number[] {
  return records.filter((r) => r.kind === 'batch').map((r) => ((r.batch as ProtoObject).events as unknown[]).length);
}

/** A Writable that keeps each write call's chunk and, when `hold`, its callback until release(). */
function captureStream(options: { hold?: boolean; highWaterMark?: number } = {}) {
  const chunks: Buffer[] = [];
  const held: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16384,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      if (options.hold === true) held.push(() => callback());
      else callback();
    },
  });
  return { stream, chunks, releaseAll: () => { while (held.length > 0) held.shift()?.(); } };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const events = (n: number) => timed(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? acquire(1, i) : release(1, i - 1))));

describe('createTraceWriter', () => {
  let tmp: ReturnType<typeof traceTempDir>;
  beforeEach(() => { tmp = traceTempDir(); });
  afterEach(() => tmp.remove());

  it('writes the magic, a header, batches of batchSize and a footer', async () => {
    const path = tmp.path('t.pb');
    const footer = await writeTrace(path, traceHeader({ meta: { k: 'v' } }), events(5), { batchSize: 2 });
    const records = recordsOf(readFileSync(path));
    expect(records.map((r) => r.kind)).toEqual(['header', 'batch', 'batch', 'batch', 'footer']);
    expect(batchSizes(records)).toEqual([2, 2, 1]);
    expect((records[0].header as ProtoObject).collector).toBe('test');
    expect((records[0].header as ProtoObject).meta).toEqual({ k: 'v' });
    expect(footer).toEqual({ events: 5, lost: 0, complete: true, endNs: 5000 });
  });

  it('fills the footer with the event count, the sum of lost counts and the latest ts', async () => {
    const { stream } = captureStream();
    const writer = createTraceWriter(stream, traceHeader());
    await writer.write([acquire(1, 1, 'EXCLUSIVE', { ts: 90 }), lostEvent(3, 'cpu0', { ts: 50 })]);
    await writer.write([lostEvent(4, 'cpu1', { ts: 70 })]);
    expect(await writer.close()).toEqual({ events: 3, lost: 7, complete: true, endNs: 90 });
  });

  it('sends every record in one write call, magic and header together', async () => {
    const { stream, chunks } = captureStream();
    await writeTrace(stream, traceHeader(), events(7), { batchSize: 3 });
    expect(chunks).toHaveLength(1 + 3 + 1);
    expect(recordsOf(chunks[0]).map((r) => r.kind)).toEqual(['header']);
    for (const chunk of chunks.slice(1)) {
      const reader = protobuf.Reader.create(chunk);
      RecordType.decodeDelimited(reader);
      expect(reader.pos).toBe(chunk.length);
    }
  });

  it('writes full batches as they fill, before close', async () => {
    const { stream, chunks } = captureStream();
    const writer = createTraceWriter(stream, traceHeader(), { batchSize: 4 });
    await writer.write(events(9));
    expect(chunks).toHaveLength(3);
    await writer.flush();
    expect(batchSizes(recordsOf(Buffer.concat([TRACE_MAGIC, ...chunks.slice(1)])))).toEqual([4, 4, 1]);
    await writer.close();
  });

  it('waits for drain when the stream is full', async () => {
    const { stream, chunks, releaseAll } = captureStream({ hold: true, highWaterMark: 1 });
    const writer = createTraceWriter(stream, traceHeader(), { batchSize: 2 });
    let done = false;
    const writing = writer.write(events(6)).then(() => { done = true; });
    for (let i = 0; i < 5; i++) await tick();
    expect(done).toBe(false);
    expect(chunks).toHaveLength(1); // the header; the first batch waits behind it
    while (!done) {
      releaseAll();
      await tick();
    }
    await writing;
    expect(chunks).toHaveLength(4);
    const closing = writer.close();
    while (chunks.length < 5) { releaseAll(); await tick(); }
    releaseAll();
    await closing;
  });

  it('keeps the order of calls that were not awaited', async () => {
    const { stream, chunks } = captureStream();
    const writer = createTraceWriter(stream, traceHeader(), { batchSize: 2 });
    const all = events(6);
    void writer.write(all.slice(0, 3));
    void writer.write(all.slice(3));
    await writer.close();
    const records = recordsOf(Buffer.concat(chunks));
    const ts = records.filter((r) => r.kind === 'batch')
      .flatMap((r) => ((r.batch as ProtoObject).events as ProtoObject[]).map((e) => Number(e.ts)));
    expect(ts).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
  });

  it('writes batches from an async iterable', async () => {
    async function* batches() {
      yield events(3);
      yield events(2);
    }
    const { stream, chunks } = captureStream();
    expect((await writeTrace(stream, traceHeader(), batches())).events).toBe(5);
    expect(batchSizes(recordsOf(Buffer.concat(chunks)))).toEqual([5]);
  });

  it('rejects with a UsageError naming an unwritable path', async () => {
    const path = tmp.path('no-such-dir/t.pb');
    const failure = writeTrace(path, traceHeader(), events(1));
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(`${path}: cannot write`);
  });
});
