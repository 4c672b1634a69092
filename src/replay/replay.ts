// The replay pipeline: batches flow through RxJS (one emission per batch, never per event) into
// one engine per policy; each emission is the engines after that batch.
//
// Several policies over an input that can be read again (a file): while every event so far is
// policy-neutral (policy/policy-neutral.ts: a trace of lock events is, all through), the first
// policy's engine serves every policy, the others reading it relabelled (shared-engine-view.ts).
// At the first batch with another event each other policy gets its own engine, which replays the
// events so far from a second reading of the input (catch-up.ts), and from there every engine
// takes every batch. A lock-only trace then costs one replay, not one per policy; a trace whose
// first DIO comes late costs its prefix once more per policy (and a second decode of it).
import { defer, from, isObservable, scan, type Observable } from 'rxjs';
import type { Batch } from '../trace/event.js';
import { catchUp, type Reopen } from './catch-up.js';
import { isNeutralBatch } from './neutral-batch.js';
import type { Engine } from './replay-engine.js';
import { createEngines, type ReplayOptions } from './replay-options.js';
import { createSharedEngineView } from './shared-engine-view.js';

export type { Reopen } from './catch-up.js';

/**
 * Replays `batches` under every policy in one pass; emits the engines (same objects) after each
 * batch. With `reopen` (it reads the same input again from its start), policies share one engine
 * while the input allows it.
 */
export function replay(batches: AsyncIterable<Batch> | Observable<Batch>, options: ReplayOptions, reopen?: Reopen): Observable<readonly Engine[]> {
  if (reopen !== undefined && options.policies.length > 1 && !isObservable(batches)) {
    return defer(() => from(replayShared(batches, options, reopen)));
  }
  return defer(() => from(batches).pipe(
    scan((acc: readonly Engine[], batch: Batch) => {
      for (const engine of acc) engine.push(batch);
      return acc;
    }, createEngines(options)),
  ));
}

async function* replayShared(batches: AsyncIterable<Batch>, options: ReplayOptions, reopen: Reopen): AsyncGenerator<readonly Engine[]> {
  const [lead, ...others] = options.policies;
  const [shared] = createEngines({ ...options, policies: [lead] });
  const views = others.map((policy) => createSharedEngineView(policy, shared));
  const engines: readonly Engine[] = [shared, ...views];
  // The other policies' own engines, once a batch is not policy-neutral.
  let own: Engine[] | undefined;
  for await (const batch of batches) {
    if (own === undefined && !isNeutralBatch(batch)) {
      own = createEngines({ ...options, policies: others });
      await catchUp(own, shared.events, reopen);
      own.forEach((engine, i) => views[i].become(engine));
    }
    shared.push(batch);
    if (own !== undefined) for (const engine of own) engine.push(batch);
    yield engines;
  }
}
