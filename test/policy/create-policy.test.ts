import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policy/create-policy.js';
import { POLICY_NAMES, type PolicyName } from '../../src/policy/policy.js';
import { createRecordingSink, runPolicy } from '../helpers/policy-recording-sink.js';
import { mmapLock } from '../helpers/policy-events.js';
import { SCENARIO_NAMES, scenario, type ScenarioName, type ScenarioShape } from '../helpers/policy-scenarios.js';
import { deadlockVerdict, hazardCount, type DeadlockVerdict } from '../helpers/policy-verdict.js';

// docs/design.md §6, one row per scenario: the deadlock verdict under naive, fdm, fdm-ordered, mainline.
const verdicts: Readonly<Record<ScenarioName, readonly DeadlockVerdict[]>> = {
  S1: ['aa', 'none', 'none', 'none'],
  S2: ['cycle', 'cycle', 'none', 'none'],
  'S2-apart': ['cycle', 'cycle', 'none', 'none'],
  S3: ['cycle', 'cycle', 'none', 'none'],
  S4: ['none', 'none', 'none', 'none'],
  S5: ['cycle', 'cycle', 'cycle', 'none'],
};

// Coherency hazards under mainline (the other policies report none). S1 is the seed's hazard; in
// S2–S4 the tasks run at once and fault page 0 of a file whose page 0 another task's DIO is writing.
const mainlineHazards: Readonly<Record<ScenarioShape, Readonly<Record<ScenarioName, number>>>> = {
  faults: { S1: 1, S2: 2, 'S2-apart': 0, S3: 3, S4: 1, S5: 0 },
  buffers: { S1: 1, S2: 0, 'S2-apart': 0, S3: 0, S4: 0, S5: 0 },
};

const cases = (['faults', 'buffers'] as const).flatMap((shape) =>
  SCENARIO_NAMES.flatMap((name) => POLICY_NAMES.map((policy, i) => [name, shape, policy, verdicts[name][i]] as const)),
);

describe('createPolicy', () => {
  it.each(POLICY_NAMES)('creates the %s policy', (name) => {
    expect(createPolicy(name).name).toBe(name);
  });

  it.each(POLICY_NAMES)('models mmap_lock under %s only when asked', (name) => {
    const mm = 0xffff888012345678n;
    const events = [mmapLock(1, mm, 'START'), mmapLock(1, mm, 'ACQUIRED'), mmapLock(1, mm, 'RELEASED')];
    expect(runPolicy(createPolicy(name), events).lines()).toEqual([]);
    expect(runPolicy(createPolicy(name, { mmapLock: true }), events).lines()).toEqual([`T1 +mmap_lock(1:0x${mm.toString(16)}) SHARED`, `T1 -mmap_lock(1:0x${mm.toString(16)})`]);
  });

  it('creates a fresh instance each time: state does not leak between replays', () => {
    const first = createPolicy('naive');
    runPolicy(first, scenario('S2').slice(0, 2));
    // A second instance has no DIO of T1 in flight: T1's fault takes and drops ADD(B) alone.
    const lines = runPolicy(createPolicy('naive'), scenario('S2').slice(2, 3)).lines();
    expect(lines).toEqual(['T1 +pagecache(B) ADD', 'T1 -pagecache(B)']);
  });

  it.each(cases)('scenario %s (%s): %s finds %s', (name, shape, policy, expected) => {
    const steps = runPolicy(createPolicy(policy), scenario(name, shape)).steps;
    expect(deadlockVerdict(steps)).toBe(expected);
    expect(hazardCount(steps)).toBe(policy === 'mainline' ? mainlineHazards[shape][name] : 0);
  });

  it.each(POLICY_NAMES)('%s interns each lock once and reuses its id on every later event', (name: PolicyName) => {
    const policy = createPolicy(name);
    const sink = createRecordingSink();
    const events = [...scenario('S5'), ...scenario('S2'), ...scenario('S3')];
    runPolicy(policy, events, sink);
    const calls = sink.lockIdCalls;
    const firstRun = sink.steps.filter((s) => s.kind !== 'hazard');
    expect(calls).toBe(sink.targets.length);
    runPolicy(policy, events, sink, events.length);
    expect(sink.lockIdCalls).toBe(calls);
    expect(sink.steps.filter((s) => s.kind !== 'hazard').slice(firstRun.length)).toEqual(firstRun);
  });
});
