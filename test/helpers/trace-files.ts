// Files and streams for trace I/O tests: temporary directories, Readables of given bytes, and
// reading a whole TraceInput.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { TraceEvent } from '../../src/trace/event.js';
import type { TraceInput } from '../../src/trace/input.js';

/** A fresh temporary directory and its removal. */
export function traceTempDir(): { readonly dir: string; path(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-test-'));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Readable of `bytes` in chunks of `chunkSize` (as stdin would deliver them). */
export function readableOf(bytes: Uint8Array | string, chunkSize = 65536): Readable {
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/** All events of an input, its batches in order. */
export async function readAllEvents(input: TraceInput): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  for await (const batch of input.batches()) events.push(...batch);
  return events;
}

/** All batches of an input. */
export async function readAllBatches(input: TraceInput): Promise<(readonly TraceEvent[])[]> {
  const batches: (readonly TraceEvent[])[] = [];
  for await (const batch of input.batches()) batches.push(batch);
  return batches;
}
