// Worker thread entry: reads the .pb trace of `workerData.path` (its format found by the thread
// that started it) with the project's own reader and sends its batches as column parts
// (decode-worker-protocol.ts). A thin shell: the reading and decoding are trace-reader.ts's,
// unchanged.
import { parentPort, workerData } from 'node:worker_threads';
import { openByteSource } from '../trace/byte-source.js';
import { openTraceStream } from '../trace/trace-reader.js';
import { columnsOf } from '../trace/fast-event-columns.js';
import { transferList, type ColumnParts } from '../trace/column-parts.js';
import type { ConsumerMessage, InfoState, WorkerMessage, WorkerStart } from './decode-worker-protocol.js';
import { WORKER_WINDOW } from './decode-worker-protocol.js';
import { InputError } from '../trace/errors.js';
import type { InputInfo } from '../trace/input.js';
import type { IdInterner } from '../trace/fast-id-interner.js';
import type { SymbolsDelta, TraceSymbols } from '../trace/trace-symbols.js';

const port = parentPort!;
let credits = WORKER_WINDOW;
let stopped = false;
let wake: (() => void) | undefined;
// Arrays of consumed batches, decoded into again: no allocation per batch in the steady state.
const pool: ColumnParts[] = [];
port.on('message', (message: ConsumerMessage) => {
  if (message.kind === 'took') {
    credits += 1;
    if (message.done !== undefined && pool.length < WORKER_WINDOW) pool.push(message.done);
  } else {
    stopped = true;
  }
  wake?.();
});

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

function infoState(info: InputInfo): InfoState {
  const { header, events, lost, complete, skipped, skippedSamples } = info;
  return { header, events, lost, complete, skipped, skippedSamples };
}

// The values interned in `ids` from `from` on: tids as lo only, locks as (lo, hi) pairs.
function interned(ids: IdInterner, from: number, pairs: boolean): Uint32Array {
  const out = new Uint32Array((ids.size - from) * (pairs ? 2 : 1));
  for (let id = from, j = 0; id < ids.size; id++) {
    out[j++] = ids.lo(id);
    if (pairs) out[j++] = ids.hi(id);
  }
  return out;
}

// An array's own buffer, copied when it shares one (a pooled Buffer), so it can be transferred.
function own<T extends Uint8Array | Int32Array | Float64Array>(array: T): T {
  if (array.byteOffset === 0 && array.byteLength === array.buffer.byteLength && array.buffer instanceof ArrayBuffer) return array;
  return array.slice() as T;
}

// What `symbols` holds beyond `sent` (moved on), or undefined when nothing is new.
function newSymbols(symbols: TraceSymbols, sent: { stacks: number; frames: number; files: number }): SymbolsDelta | undefined {
  const delta = { stacks: symbols.stacks.slice(sent.stacks), frames: symbols.frames.slice(sent.frames), files: symbols.files.slice(sent.files) };
  sent.stacks = symbols.stacks.length;
  sent.frames = symbols.frames.length;
  sent.files = symbols.files.length;
  return delta.stacks.length + delta.frames.length + delta.files.length === 0 ? undefined : delta;
}

async function main(): Promise<void> {
  const { path } = workerData as WorkerStart;
  const source = await openByteSource(path);
  const input = await openTraceStream(source, () => pool.pop());
  post({ kind: 'opened', info: infoState(input.info) });
  let tidsSent = 0;
  let locksSent = 0;
  const sent = { stacks: 0, frames: 0, files: 0 };
  for await (const batch of input.batches()) {
    while (credits === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
    if (stopped) return;
    credits -= 1;
    const columns = columnsOf(batch);
    if (columns === undefined) throw new Error('a .pb trace is read as column batches');
    const p = columns.parts;
    const parts: ColumnParts = {
      length: p.length, code: own(p.code), ts: own(p.ts), tid: own(p.tid), lock: own(p.lock),
      bytes: own(p.bytes), starts: own(p.starts), ends: own(p.ends),
    };
    const tids = interned(columns.space.tids, tidsSent, false);
    const locks = interned(columns.space.locks, locksSent, true);
    tidsSent = columns.space.tids.size;
    locksSent = columns.space.locks.size;
    const symbols = input.info.symbols === undefined ? undefined : newSymbols(input.info.symbols, sent);
    post({ kind: 'batch', parts, tids, locks, ...(symbols === undefined ? {} : { symbols }), info: infoState(input.info) }, [...transferList(parts), tids.buffer as ArrayBuffer, locks.buffer as ArrayBuffer]);
  }
  post({ kind: 'end', info: infoState(input.info) });
}

main().catch((error: unknown) => {
  if (error instanceof InputError) post({ kind: 'error', file: error.file, message: error.message.slice(error.file.length + 2) });
  else post({ kind: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
});
