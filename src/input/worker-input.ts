// A .pb trace read and decoded in a worker thread while this thread replays it: on two cores
// the decoding overlaps the replay. The batches are the same column batches as openInput's
// (rebuilt from transferred parts, ids re-interned in the worker's order), the InputInfo and
// the errors the same. Used for regular files already found to be in .pb format (gzip or not;
// open-input.ts); anything else, or a build without the worker script, is read on this thread.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { batchFromParts, transferList, type ColumnParts } from '../trace/column-parts.js';
import type { ConsumerMessage, InfoState, WorkerMessage, WorkerStart } from './decode-worker-protocol.js';
import type { Batch } from '../trace/event.js';
import { InputError } from '../trace/errors.js';
import type { IdSpace } from '../trace/fast-event-columns.js';
import { IdInterner } from '../trace/fast-id-interner.js';
import type { InputInfo, TraceInput } from '../trace/input.js';
import { createTraceSymbols } from '../trace/trace-symbols.js';

const WORKER_SCRIPT = new URL('./decode-worker.js', import.meta.url);

/** Whether this build has the worker script (a run from the TypeScript sources has not). */
export function workerAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/** The .pb trace file at `path` read in a worker (workerAvailable() first). */
export async function openWorkerInput(path: string): Promise<TraceInput> {
  // A small code space (V8 reserves 512 MiB of addresses by default): the process stays well
  // under a 2 GiB address cap with the check's own worker beside it.
  const worker = new Worker(WORKER_SCRIPT, { workerData: { path, format: 'pb' } satisfies WorkerStart, resourceLimits: { codeRangeSizeMb: 32 } });
  const inbox = createInbox(worker);
  const first = await inbox.next();
  if (first.kind === 'error') {
    await worker.terminate();
    throw failure(first, path);
  }
  if (first.kind !== 'opened') throw new Error(`decode worker: expected an opened message, got ${first.kind}`);
  // Reading ahead (a few batches) does not keep the process alive; reading does.
  worker.unref();
  const symbols = createTraceSymbols();
  const info: InputInfo = { path, format: 'pb', ...first.info, skippedSamples: [...first.info.skippedSamples], symbols };
  const update = (state: InfoState): void => {
    Object.assign(info, state, { skippedSamples: info.skippedSamples });
    info.skippedSamples.splice(0, info.skippedSamples.length, ...state.skippedSamples);
  };
  let read = false;
  return {
    info,
    async *batches(): AsyncGenerator<Batch> {
      if (read) throw new Error('a worker input is read once');
      read = true;
      worker.ref();
      const space: IdSpace = { locks: new IdInterner(), tids: new IdInterner() };
      let previous: ColumnParts | undefined;
      try {
        for (;;) {
          const message = await inbox.next();
          switch (message.kind) {
            case 'batch': {
              for (const tid of message.tids) space.tids.idOf(tid, 0);
              for (let j = 0; j < message.locks.length; j += 2) space.locks.idOf(message.locks[j], message.locks[j + 1]);
              update(message.info);
              if (message.symbols !== undefined) symbols.add(message.symbols);
              const batch = batchFromParts(message.parts, space, undefined, symbols);
              // The batch before this one is done with (batches are read in turn): its arrays go back.
              const done = previous;
              previous = message.parts;
              worker.postMessage({ kind: 'took', done } satisfies ConsumerMessage, done === undefined ? [] : transferList(done));
              yield batch;
              break;
            }
            case 'end':
              update(message.info);
              return;
            case 'error':
              throw failure(message, path);
            case 'opened':
              throw new Error('decode worker: opened twice');
          }
        }
      } finally {
        worker.postMessage({ kind: 'stop' } satisfies ConsumerMessage);
        await worker.terminate();
      }
    },
  };
}

// The worker's failure as one line naming the file: its InputError, or what stopped it (a
// record it could not allocate, its heap exhausted) as an InputError too.
function failure(message: Extract<WorkerMessage, { kind: 'error' }>, path: string): InputError {
  if (message.file !== undefined) return new InputError(message.file, message.message);
  return new InputError(path, `cannot be read: ${message.message.split('\n')[0]}`);
}

// The worker's messages in order; a crash of the worker itself arrives as an error message.
function createInbox(worker: Worker): { next(): Promise<WorkerMessage> } {
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (message: WorkerMessage): void => {
    queue.push(message);
    wake?.();
    wake = undefined;
  };
  worker.on('message', push);
  worker.on('error', (error: Error) => push({ kind: 'error', message: error.message }));
  worker.on('exit', (code) => push({ kind: 'error', message: `exited with code ${code} before the end of the trace` }));
  return {
    async next() {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift()!;
    },
  };
}
