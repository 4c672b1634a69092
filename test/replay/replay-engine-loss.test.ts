// Lost events under the real policies: a `lost` event closes what a policy keeps open for the
// tasks it concerns (every task's when it names none), and a task's next system call closes what
// it still had open, so an operation whose END or dioEnd was lost holds nothing after it; a
// finding that still stands across a loss says how much was lost.
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policy/create-policy.js';
import { POLICY_NAMES, type PolicyName } from '../../src/policy/policy.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { timed } from '../helpers/engine-policy.js';
import { kindsOf, run } from '../helpers/engine-run.js';
import { A, B, dioBegin, dioEnd, fileFault, fileOp } from '../helpers/policy-events.js';
import { lostEvent } from '../helpers/trace-builders.js';

const lost = (tid = 0, count = 100): TraceEvent => lostEvent(count, 'ftrace overrun', { tid });
const write = (tid: number, phase: 'BEGIN' | 'END', f = A): TraceEvent => fileOp(tid, 'BUFFERED_WRITE', phase, f);

function replay(policy: PolicyName, events: readonly TraceEvent[]) {
  const engine = run(timed(events), { policy: createPolicy(policy) });
  return { kinds: kindsOf(engine.findings()), findings: engine.findings(), releasesAfterLoss: engine.notes().releasesAfterLoss };
}

// The same task goes on to its next operation of file A after the end of its last one was lost.
const LOST_WRITE_END = [write(1, 'BEGIN'), lost(), write(1, 'BEGIN'), write(1, 'END')];
const LOST_DIO_END = [dioBegin(1, A), lost(1), write(1, 'BEGIN'), write(1, 'END')];
// Each task's END is lost, then it writes the other's file: stale holds would make A→B and B→A.
const CROSSED = [
  write(1, 'BEGIN', A), lost(1), write(1, 'BEGIN', B), write(1, 'END', B),
  write(2, 'BEGIN', B), lost(2), write(2, 'BEGIN', A), write(2, 'END', A),
];
const withoutLoss = (events: readonly TraceEvent[]): TraceEvent[] => events.filter((e) => e.kind !== 'lost');

describe('replay engine: a loss closes the policy\'s open operations', () => {
  it('an operation open across a loss holds nothing after it (without the loss, the same events are an AB/BA)', () => {
    const events = [
      fileOp(1, 'TRUNCATE', 'BEGIN', A), lost(1), fileFault(1, B),
      dioBegin(2, B), fileFault(2, A), dioEnd(2, B),
    ];
    expect(replay('naive', withoutLoss(events)).kinds).toEqual(['order-inversion']);
    const { kinds, releasesAfterLoss } = replay('naive', events);
    expect(kinds).toEqual([]);
    expect(releasesAfterLoss).toBe(1);
  });

  it.each(POLICY_NAMES)('%s: a buffered write whose END was lost holds nothing at the next write', (policy) => {
    const { kinds, releasesAfterLoss } = replay(policy, LOST_WRITE_END);
    expect(kinds).toEqual([]);
    expect(releasesAfterLoss).toBe(1);
  });

  it.each([['naive', 2], ['fdm', 2], ['fdm-ordered', 2], ['mainline', 1]] as const)(
    '%s: a DIO whose dioEnd was lost holds nothing at the task\'s next operation (%i holds released)', (policy, holds) => {
      const { kinds, releasesAfterLoss } = replay(policy, LOST_DIO_END);
      expect(kinds).toEqual([]);
      expect(releasesAfterLoss).toBe(holds);
    });

  it.each(POLICY_NAMES)('%s: two tasks whose ENDs were lost make no order inversion through the stale holds', (policy) => {
    const { kinds, releasesAfterLoss } = replay(policy, CROSSED);
    expect(kinds).toEqual([]);
    expect(releasesAfterLoss).toBe(2);
  });

  it('an END that comes after the loss closed its operation is no bad-unlock and releases nothing twice', () => {
    const { kinds, releasesAfterLoss } = replay('mainline', [write(1, 'BEGIN'), lost(), write(1, 'END'), write(1, 'BEGIN'), write(1, 'END')]);
    expect(kinds).toEqual([]);
    expect(releasesAfterLoss).toBe(1);
  });

  it.each([
    ['a buffered write, then the next', [write(1, 'BEGIN'), write(1, 'BEGIN'), write(1, 'END')], 1],
    ['a synchronous DIO, then a buffered write', [dioBegin(1, A), write(1, 'BEGIN'), write(1, 'END')], 1],
    ['a buffered write, then a DIO', [write(1, 'BEGIN'), dioBegin(1, A), dioEnd(1, A)], 1],
  ] as const)('%s: the task\'s next system call ends what it had open, whenever the loss is reported', (_what, events, holds) => {
    for (const input of [events, [...events, lost()]]) {
      const { kinds, releasesAfterLoss } = replay('mainline', input);
      expect(kinds).toEqual([]);
      expect(releasesAfterLoss).toBe(holds);
    }
  });

  it('readahead nested in a buffered read and an aio DIO in flight stay open at the task\'s next operation', () => {
    const readahead = [lost(), fileOp(1, 'BUFFERED_READ', 'BEGIN', A), fileOp(1, 'READAHEAD', 'BEGIN', A),
      fileOp(1, 'READAHEAD', 'END', A), fileOp(1, 'BUFFERED_READ', 'END', A)];
    expect(replay('naive', readahead).releasesAfterLoss).toBe(0);
    const aio = [lost(), dioBegin(1, A, { aio: true }), write(1, 'BEGIN', B), write(1, 'END', B), dioEnd(2, A)];
    expect(replay('naive', aio).releasesAfterLoss).toBe(0);
  });

  it('a DIO inside a remap (copy_file_range splicing through O_DIRECT) leaves the remap open', () => {
    const remap = (phase: 'BEGIN' | 'END'): TraceEvent => fileOp(1, 'REMAP', phase, A, { second: B });
    const events = [remap('BEGIN'), dioBegin(1, A, { write: false }), dioEnd(1, A), remap('END'), write(1, 'BEGIN', B), write(1, 'END', B)];
    expect(replay('naive', events).releasesAfterLoss).toBe(0);
  });

  it('a loss of another task leaves an AB/BA standing, with the events lost in its window', () => {
    const events = [
      dioBegin(1, A), fileFault(1, B), dioEnd(1, A), lost(3, 42),
      dioBegin(2, B), fileFault(2, A), dioEnd(2, B),
    ];
    const { findings, releasesAfterLoss } = replay('naive', events);
    expect(kindsOf(findings)).toEqual(['order-inversion']);
    expect(findings[0].lostInWindow).toBe(42);
    expect(releasesAfterLoss).toBe(0);
  });
});
