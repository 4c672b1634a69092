// Run the replay engine over events or a script (engine-script.ts), for engine tests.
import type { Finding, FindingKind, Semantics } from '../../src/detect/finding.js';
import type { Policy } from '../../src/policy/policy.js';
import { createEngine, type Engine } from '../../src/replay/replay-engine.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { script } from './engine-script.js';

/** A policy that ignores every operation event: lock events alone drive the model. */
export const LOCKS_ONLY: Policy = { name: 'naive', apply() {}, lose() {}, releasesAfterLoss: () => 0 };

export interface RunOptions {
  readonly semantics?: Semantics;
  readonly policy?: Policy;
  /** Split the input into batches of this many events (default: one batch). */
  readonly batchSize?: number;
}

/** Replay `input` (events or a script) and return the engine. */
export function run(input: string | readonly TraceEvent[], options: RunOptions = {}): Engine {
  const events = typeof input === 'string' ? script(input) : input;
  const engine = createEngine({ policy: options.policy ?? LOCKS_ONLY, semantics: options.semantics ?? 'predictive' });
  const size = options.batchSize ?? Math.max(events.length, 1);
  for (let i = 0; i < events.length; i += size) engine.push(events.slice(i, i + size));
  return engine;
}

/** The kinds of the findings, in order. */
export function kindsOf(findings: readonly Finding[]): FindingKind[] {
  return findings.map((f) => f.kind);
}

/** Replay and return the finding kinds. */
export function findingKinds(input: string | readonly TraceEvent[], options: RunOptions = {}): FindingKind[] {
  return kindsOf(run(input, options).findings());
}
