// One policy's engine while another policy's engine serves it: the same state, whose findings
// are relabelled with this policy's name (an input of policy-neutral events replays the same
// under every policy but for that name). `become` hands it its own engine, caught up.
import type { Finding } from '../detect/finding.js';
import type { PolicyName } from '../policy/policy.js';
import { withGetters } from '../with-getters.js';
import type { Engine } from './replay-engine.js';

/** An Engine of `policy` read from another engine until it gets its own. */
export interface SharedEngineView extends Engine {
  /** From now on `own` is this policy's engine (it has replayed every event so far). */
  become(own: Engine): void;
}

export function createSharedEngineView(policy: PolicyName, shared: Engine): SharedEngineView {
  let target = shared;
  let relabel = true;
  // The shared engine's list changes only when a batch adds or counts a finding (finding-log.ts
  // keeps it): relabelled once per change, not at every read (the text report reads each batch).
  let source: readonly Finding[] | undefined;
  let relabelled: readonly Finding[] = [];
  function findings(): readonly Finding[] {
    const list = target.findings();
    if (!relabel) return list;
    if (list !== source) {
      source = list;
      relabelled = list.map((f) => ({ ...f, policy }));
    }
    return relabelled;
  }
  return withGetters({
    push(): void {
      throw new Error(`the ${policy} view of a shared engine is not pushed: its engine is`);
    },
    findings,
    notes: () => target.notes(),
    snapshot: () => target.snapshot(),
    become(own: Engine): void {
      target = own;
      relabel = false;
    },
  }, { events: () => target.events });
}
