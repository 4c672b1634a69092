import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policy/create-policy.js';
import type { PolicyName } from '../../src/policy/policy.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { interleavings, type RingName } from '../helpers/dio-interleavings.js';
import { kindsOf, run } from '../helpers/engine-run.js';

const DEADLOCK_KINDS = new Set(['aa', 'wait-cycle', 'order-inversion']);
const RUNS = 1500;

function deadlockKinds(events: readonly TraceEvent[], policy: PolicyName): string[] {
  return kindsOf(run(events, { policy: createPolicy(policy) }).findings()).filter((k) => DEADLOCK_KINDS.has(k));
}

describe.each(['S2', 'S3'] as const)('generated interleavings of %s with repeated, overlapping DIOs', (ring: RingName) => {
  it.each(['fdm-ordered', 'mainline'] as const)('%s never reports a deadlock', (policy) => {
    fc.assert(fc.property(interleavings(ring), (events) => {
      expect(deadlockKinds(events, policy)).toEqual([]);
    }), { seed: 14, numRuns: RUNS });
  });

  it.each(['naive', 'fdm'] as const)('%s always finds the cycle, and finds no AA', (policy) => {
    fc.assert(fc.property(interleavings(ring), (events) => {
      const kinds = deadlockKinds(events, policy);
      expect(kinds.filter((k) => k === 'wait-cycle' || k === 'order-inversion')).not.toEqual([]);
      expect(kinds).not.toContain('aa');
    }), { seed: 14, numRuns: RUNS });
  });
});
