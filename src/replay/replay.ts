// The replay pipeline: batches flow through RxJS (one emission per batch, never per event) into
// one engine per policy; each emission is the engines after that batch.
//
// Several policies over an input that can be read again (a file): while every event so far is
// policy-neutral (policy/policy-neutral.ts: a trace of lock events is, all through), the first
// policy's engine serves every policy, the others reading it relabelled (shared-engine-view.ts).
// At the first batch with another event each other policy gets its own engine, and from there
// every engine takes every batch. A lock-only trace then costs one replay, not one per policy.
// Given a way to start a policy worker, the later half of the other policies replay in that
// worker thread, from its own reading of the input (remote-policies.ts): it takes each batch
// boundary as this thread takes the batch, and this thread waits for its answer at the boundary
// before it emits, so both threads replay at once and each emission is of one event count. The
// rest replay the events so far from a second reading of the input here (catch-up.ts): a trace
// whose first DIO comes late costs its prefix once more per policy (and a second decode of it).
import { defer, from, isObservable, scan, type Observable } from 'rxjs';
import type { Batch } from '../trace/event.js';
import { catchUp, type Reopen } from './catch-up.js';
import { isNeutralBatch } from './neutral-batch.js';
import { createRemotePolicies, type RemotePolicies, type StartPolicyWorker } from './remote-policies.js';
import type { Engine } from './replay-engine.js';
import { createEngines, type ReplayOptions } from './replay-options.js';
import { settle } from './settled-engine.js';
import { createSharedEngineView } from './shared-engine-view.js';

export type { Reopen } from './catch-up.js';
export type { StartPolicyWorker } from './remote-policies.js';

/**
 * Replays `batches` under every policy in one pass; emits the engines (same objects) after each
 * batch. With `reopen` (it reads the same input again from its start), policies share one engine
 * while the input allows it; with `startWorker` too, some policies then replay in a worker thread,
 * and from there each emission is of engines settled at that batch (settled-engine.ts: findings()
 * and notes() only).
 */
export function replay(
  batches: AsyncIterable<Batch> | Observable<Batch>, options: ReplayOptions, reopen?: Reopen, startWorker?: StartPolicyWorker,
): Observable<readonly Engine[]> {
  if (reopen !== undefined && options.policies.length > 1 && !isObservable(batches)) {
    return defer(() => from(replayShared(batches, options, reopen, startWorker)));
  }
  return defer(() => from(batches).pipe(
    scan((acc: readonly Engine[], batch: Batch) => {
      for (const engine of acc) engine.push(batch);
      return acc;
    }, createEngines(options)),
  ));
}

async function* replayShared(
  batches: AsyncIterable<Batch>, options: ReplayOptions, reopen: Reopen, startWorker: StartPolicyWorker | undefined,
): AsyncGenerator<readonly Engine[]> {
  const [lead, ...others] = options.policies;
  const [shared] = createEngines({ ...options, policies: [lead] });
  const views = others.map((policy) => createSharedEngineView(policy, shared));
  const engines: readonly Engine[] = [shared, ...views];
  // The other policies' own engines on this thread, once a batch is not policy-neutral.
  let own: Engine[] | undefined;
  // The worker replaying the rest, and this thread's engines settled at each boundary it has not answered yet.
  let away: RemotePolicies | undefined;
  const waiting: (readonly Engine[])[] = [];
  // This thread's engines at the oldest waiting boundary, with the worker's.
  async function* answered(all: boolean): AsyncGenerator<readonly Engine[]> {
    while (away !== undefined && waiting.length > 0 && (all || away.ready() || waiting.length > AHEAD)) {
      yield [...waiting.shift()!, ...(await away.take())];
    }
  }
  // Engines on this thread: all of them, until a worker takes some.
  let mine = engines.length;
  try {
    try {
      for await (const batch of batches) {
        const boundary = shared.events + batch.length;
        if (own === undefined && !isNeutralBatch(batch)) {
          const here = startWorker === undefined ? others.length : localShare(options.policies.length);
          const far = others.slice(here);
          if (startWorker !== undefined && far.length > 0) {
            away = createRemotePolicies(startWorker({ ...options, policies: far }), far);
            mine = 1 + here;
            // The worker starts reading while this thread catches up.
            away.boundary(boundary);
          }
          own = createEngines({ ...options, policies: others.slice(0, here) });
          if (own.length > 0) await catchUp(own, shared.events, reopen);
          own.forEach((engine, i) => views[i].become(engine));
        } else {
          away?.boundary(boundary);
        }
        shared.push(batch);
        if (own !== undefined) for (const engine of own) engine.push(batch);
        if (away === undefined) {
          yield engines;
          continue;
        }
        waiting.push(engines.slice(0, mine).map(settle));
        yield* answered(false);
      }
    } catch (error) {
      // What was replayed before the input failed is reported as without a worker, then its error.
      try {
        yield* answered(true);
      } catch {
        // The input's own error is the one reported.
      }
      throw error;
    }
    yield* answered(true);
    await away?.end(shared.events);
  } finally {
    await away?.close();
  }
}

/** Batch boundaries this thread may replay past before the worker has answered the oldest. */
const AHEAD = 16;

/**
 * Of `policies` policies, how many besides the first replay on this thread when a worker takes
 * the rest: half of the engines each (the worker's decodes its own reading too, this thread's
 * input is decoded on a third; measured in docs/design.md).
 */
function localShare(policies: number): number {
  return Math.floor((policies - 1) / 2);
}
