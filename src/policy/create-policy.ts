// The policy of a name: a fresh instance, whose state lives in its closure, for one replay.
import { assertUnreachable } from '../assert.js';
import { createFdmOrderedPolicy } from './fdm-ordered.js';
import { createFdmPolicy } from './fdm.js';
import { createMainlinePolicy } from './mainline.js';
import { createMmapLockRule } from './mmap-lock-rule.js';
import { createNaivePolicy } from './naive.js';
import type { Policy, PolicyName } from './policy.js';

export interface PolicyOptions {
  /**
   * Also model mmap_lock (the mm's rwsem) from mmap_lock:* events, the same under every policy.
   * Off by default: the design's policies (docs/design.md §3) lock files only. On, it finds cycles through mmap_lock, e.g.
   * two threads of one process under fdm-ordered: GUP takes mmap_lock shared while its DIO holds
   * BLOCK(B), and the other thread's fault holds mmap_lock shared while it waits for ADD(B) — a
   * deadlock once a writer (mmap_write_lock) queues between the two readers.
   */
  readonly mmapLock?: boolean;
}

export function createPolicy(name: PolicyName, options: PolicyOptions = {}): Policy {
  const policy = basePolicy(name);
  return options.mmapLock ? withMmapLock(policy) : policy;
}

function basePolicy(name: PolicyName): Policy {
  switch (name) {
    case 'naive':
      return createNaivePolicy();
    case 'fdm':
      return createFdmPolicy();
    case 'fdm-ordered':
      return createFdmOrderedPolicy();
    case 'mainline':
      return createMainlinePolicy();
    default:
      return assertUnreachable(name);
  }
}

// `policy`, plus mmapLock events applied as lock operations on mmap_lock(mm).
function withMmapLock(policy: Policy): Policy {
  const mmapLock = createMmapLockRule();
  return {
    name: policy.name,
    apply(event, index, sink) {
      if (event.kind === 'mmapLock') mmapLock(sink, event.tid, event.pid, event.mmapLock);
      else policy.apply(event, index, sink);
    },
    // mmap_lock holds are lock holds: a loss leaves them to the model's stale-hold rule.
    lose: (tid, sink) => policy.lose(tid, sink),
    releasesAfterLoss: () => policy.releasesAfterLoss(),
  };
}
