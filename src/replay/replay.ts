// The replay pipeline: batches flow through RxJS (one emission per batch, never per event) into
// one engine per policy; each emission is the engines after that batch.
import { defer, from, scan, type Observable } from 'rxjs';
import type { Batch } from '../trace/event.js';
import type { Engine } from './replay-engine.js';
import { createEngines, type ReplayOptions } from './replay-options.js';

/** Replays `batches` under every policy in one pass; emits the engines (same objects) after each batch. */
export function replay(batches: AsyncIterable<Batch> | Observable<Batch>, options: ReplayOptions): Observable<readonly Engine[]> {
  return defer(() => from(batches).pipe(
    scan((acc: readonly Engine[], batch: Batch) => {
      for (const engine of acc) engine.push(batch);
      return acc;
    }, createEngines(options)),
  ));
}
