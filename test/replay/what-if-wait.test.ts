import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policy/create-policy.js';
import type { PolicyName } from '../../src/policy/policy.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { kindsOf, run } from '../helpers/engine-run.js';
import { dioBegin, dioEnd, fileFault, fileOp, type TestFile } from '../helpers/policy-events.js';
import { makeDev } from '../../src/trace/dev.js';

const F12: TestFile = { dev: makeDev(254, 0), ino: 12 };
const F13: TestFile = { dev: makeDev(254, 0), ino: 13 };

// T1 DIO-writes 12 and faults on 13; T2 DIO-writes 13 and faults on 12 (fdm-ordered's back-off:
// drop BLOCK(13), wait for ADD(12), retake BLOCK(13)); T1's DIO ends, T1 starts another DIO on 12
// and faults on 13 while T2 is still in its DIO.
const TWELVE: readonly TraceEvent[] = [
  dioBegin(1, F12), dioBegin(2, F13), fileFault(1, F13), fileFault(2, F12),
  dioEnd(1, F12), dioBegin(1, F12), fileFault(1, F13), dioEnd(1, F12),
  dioEnd(2, F13), dioBegin(2, F13), fileFault(2, F12), dioEnd(2, F13),
];

function kinds(events: readonly TraceEvent[], policy: PolicyName): string[] {
  return [...new Set(kindsOf(run(events, { policy: createPolicy(policy) }).findings()))].sort();
}

describe('what-if waits', () => {
  it('end at the retake of the back-off step: fdm-ordered finds no deadlock in the 12-event shape', () => {
    expect(kinds(TWELVE, 'fdm-ordered')).toEqual([]);
  });

  it.each(['naive', 'fdm'] as const)('do not end at a release: %s finds the 12-event shape\'s deadlock, also an inversion', (policy) => {
    const findings = run(TWELVE, { policy: createPolicy(policy) }).findings();
    expect(findings.map((f) => [f.kind, f.alsoKinds])).toEqual([['wait-cycle', ['order-inversion']]]);
  });

  it('last past a release: naive\'s take-and-drop of ADD(Y) closes a wait-cycle found later', () => {
    // T1 waits for ADD(B) (T2 holds BLOCK(B)) and drops it at once; T2's fault on A closes the cycle.
    const events = [dioBegin(1, F12), dioBegin(2, F13), fileFault(1, F13), fileFault(2, F12)];
    expect(kindsOf(run(events, { policy: createPolicy('naive') }).findings())).toContain('wait-cycle');
  });

  it('end at the task\'s next event', () => {
    // T1 waited for ADD(13), then its DIO ended: T2's fault on 12 waits on nobody who waits.
    const events = [dioBegin(2, F13), dioBegin(1, F12), fileFault(1, F13), dioEnd(1, F12), dioBegin(1, F12), fileFault(2, F12)];
    expect(kindsOf(run(events, { policy: createPolicy('naive') }).findings())).not.toContain('wait-cycle');
  });

  it('keep a remap waiting for the DIO count of the file it blocked on (S5 under fdm-ordered)', () => {
    const events = [dioBegin(1, F12), fileOp(2, 'REMAP', 'BEGIN', F12, { second: F13 }), fileFault(1, F13)];
    expect(kindsOf(run(events, { policy: createPolicy('fdm-ordered') }).findings())).toContain('wait-cycle');
  });
});
