// How a trace is replayed, for `check` and `watch` alike: the policies, the semantics, and
// whether mmap_lock is modelled. createEngines is the one place engines are built from it.
import type { Semantics } from '../detect/finding.js';
import { createPolicy } from '../policy/create-policy.js';
import type { PolicyName } from '../policy/policy.js';
import { createEngine, type Engine } from './replay-engine.js';

/** What every engine of a replay shares, whatever its policy. */
export interface ReplaySettings {
  readonly semantics: Semantics;
  /** Also model mmap_lock from mmap_lock:* events (see PolicyOptions). */
  readonly mmapLock?: boolean;
}

/** A replay: one engine per policy, in this order. */
export interface ReplayOptions extends ReplaySettings {
  readonly policies: readonly PolicyName[];
}

// One fresh engine per policy of `options`, in order.
export function createEngines(options: ReplayOptions): Engine[] {
  return options.policies.map((name) => createEngine({ policy: createPolicy(name, { mmapLock: options.mmapLock }), semantics: options.semantics }));
}
