// The replay pipeline: batches flow through RxJS (one emission per batch, never per event) into
// one engine per policy; each emission is the engines after that batch.
import { defer, from, scan, type Observable } from 'rxjs';
import type { Batch } from '../trace/event.js';
import type { Semantics } from '../detect/finding.js';
import { createPolicy } from '../policy/create-policy.js';
import type { PolicyName } from '../policy/policy.js';
import { createEngine, type Engine } from './replay-engine.js';

export interface ReplayOptions {
  readonly policies: readonly PolicyName[];
  readonly semantics: Semantics;
  /** Also model mmap_lock from mmap_lock:* events (see PolicyOptions). */
  readonly mmapLock?: boolean;
}

/** Replays `batches` under every policy in one pass; emits the engines (same objects) after each batch. */
export function replay(batches: AsyncIterable<Batch> | Observable<Batch>, options: ReplayOptions): Observable<readonly Engine[]> {
  return defer(() => {
    const engines = options.policies.map((name) => createEngine({ policy: createPolicy(name, { mmapLock: options.mmapLock }), semantics: options.semantics }));
    return from(batches).pipe(
      scan((acc: readonly Engine[], batch: Batch) => {
        for (const engine of acc) engine.push(batch);
        return acc;
      }, engines),
    );
  });
}
