import { describe, expect, it } from 'vitest';
import { createMainlinePolicy } from '../../src/policy/mainline.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { timed } from '../helpers/engine-policy.js';
import { run } from '../helpers/engine-run.js';
import { A, B, dioBegin, dioEnd, dioInvalidateFail, pageAdd } from '../helpers/policy-events.js';

function coherencyOf(events: readonly TraceEvent[]) {
  const findings = run(timed(events), { policy: createMainlinePolicy() }).findings();
  return findings.filter((f) => f.kind === 'coherency');
}

describe('coherency finding', () => {
  it('names the DIO write\'s dioBegin (index, ts, stack) and the event that found the hazard', () => {
    const [f] = coherencyOf([dioBegin(1, A), pageAdd(2, A), dioEnd(1, A)]);
    expect(f.tasks.map((t) => t.tid)).toEqual([2, 1]);
    expect(f.events).toEqual([
      { index: 0, ts: 1000, tid: 1, stack: [0xffff_ffff_8100_0000n] },
      { index: 2, ts: 3000, tid: 2, stack: [0xffff_ffff_8100_0002n] },
    ]);
  });

  it('names a DIO\'s own dioBegin when the task ends it by beginning its next DIO', () => {
    // T1's second dioBegin finishes its first DIO, whose range still has T2's page: the hazard
    // is the first DIO's, reported at the second dioBegin.
    const [f] = coherencyOf([dioBegin(1, A), pageAdd(2, A), dioBegin(1, B), dioEnd(1, B)]);
    expect(f.events.map((e) => [e.index, e.ts, e.stack])).toEqual([
      [0, 1000, [0xffff_ffff_8100_0000n]],
      [2, 3000, [0xffff_ffff_8100_0002n]],
    ]);
  });

  it('names the failure itself when no DIO of the file is known (the trace began inside it)', () => {
    const [f] = coherencyOf([pageAdd(2, B), dioInvalidateFail(1, A)]);
    expect(f.detail).toBe('page-cache invalidation failed under a DIO write');
    expect(f.events).toEqual([{ index: 1, ts: 2000, tid: 1, stack: [0xffff_ffff_8100_0001n] }]);
  });
});
