import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/policy/policy.js';
import { createEngine } from '../../src/replay/replay-engine.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { run } from '../helpers/engine-run.js';
import {
  dioBeginOn, dioEndOn, FILE_A, FILE_B, faultOn, pageAddOn, timed, tinyPagecachePolicy,
} from '../helpers/engine-policy.js';
import { script } from '../helpers/engine-script.js';

const PAGECACHE_A = { cls: 'pagecache', lock: '254:0:12' };

describe('replay engine with a policy', () => {
  it('applies the policy to operation events only, with their input index across batches', () => {
    const policy = tinyPagecachePolicy();
    const engine = createEngine({ policy, semantics: 'predictive' });
    const lost: TraceEvent = { ts: 0, tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count: 1, source: 'x' } };
    engine.push([...script('1:fork(2) L(A) U(A)'), dioBeginOn(2, FILE_A)]);
    engine.push([lost, faultOn(2, FILE_B), dioEndOn(2, FILE_A), ...script('1:join(2)')]);
    expect(policy.applied).toEqual([['dioBegin', 3], ['fault', 5], ['dioEnd', 6]]);
    expect(engine.events).toBe(8);
  });

  it('finds AA when a DIO write faults on its own file (the seed\'s S1)', () => {
    const [f] = run(timed([dioBeginOn(1, FILE_A), faultOn(1, FILE_A), dioEndOn(1, FILE_A)]), { policy: tinyPagecachePolicy() }).findings();
    expect(f).toMatchObject({ kind: 'aa', locks: [{ ...PAGECACHE_A, mode: 'BLOCK' }], tasks: [{ tid: 1, comm: 't1' }] });
    expect(f.edges[0]).toMatchObject({
      held: { ...PAGECACHE_A, mode: 'BLOCK' }, heldAt: { index: 0, ts: 1000, stack: [0xffff_ffff_8100_0000n] },
      requested: { ...PAGECACHE_A, mode: 'ADD' }, requestedAt: { index: 1, ts: 2000, stack: [0xffff_ffff_8100_0001n] },
    });
  });

  it.each([
    ['overlapping DIOs (S2) as a wait cycle', [dioBeginOn(1, FILE_A), dioBeginOn(2, FILE_B), faultOn(1, FILE_B), faultOn(2, FILE_A)], 'wait-cycle'],
    ['DIOs apart in time (S2) as an order inversion', [
      dioBeginOn(1, FILE_A), faultOn(1, FILE_B), dioEndOn(1, FILE_A), dioBeginOn(2, FILE_B), faultOn(2, FILE_A), dioEndOn(2, FILE_B),
    ], 'order-inversion'],
  ])('finds AB/BA on page-cache locks of %s', (_what, events, kind) => {
    const findings = run(timed(events), { policy: tinyPagecachePolicy() }).findings();
    const f = findings.find((x) => x.kind === kind);
    expect(f?.locks.map((l) => [l.cls, l.mode])).toEqual([['pagecache', 'BLOCK'], ['pagecache', 'BLOCK']]);
  });

  it('answers wouldBlock from the model: another task\'s BLOCK makes an ADD wait, nothing else does', () => {
    const policy = tinyPagecachePolicy();
    run([dioBeginOn(1, FILE_A), faultOn(2, FILE_A), faultOn(2, FILE_B), faultOn(1, FILE_A)], { policy });
    expect(policy.wouldBlock).toEqual([true, false, false]);
  });

  it('reports a hazard as a coherency finding at the current event, counted per repeat', () => {
    const events = timed([dioBeginOn(1, FILE_A), pageAddOn(1, FILE_A), pageAddOn(1, FILE_A), dioEndOn(1, FILE_A)]);
    const [f] = run(events, { policy: tinyPagecachePolicy() }).findings();
    expect(f).toMatchObject({
      kind: 'coherency', policy: 'naive', semantics: 'predictive',
      locks: [{ ...PAGECACHE_A, mode: 'BLOCK' }], tasks: [{ tid: 1 }], edges: [],
      detail: 'page-cache add inside an in-flight DIO write', count: 2,
    });
    expect(f.events.map((e) => [e.index, e.ts])).toEqual([[0, 1000], [1, 2000]]);
  });

  it('refuses a lock id that did not come from lockId()', () => {
    const bad: Policy = { name: 'naive', apply: (e, _i, sink) => sink.acquire(e.tid, 42, 'EXCLUSIVE', false), lose() {}, releasesAfterLoss: () => 0 };
    expect(() => run([faultOn(1, FILE_A)], { policy: bad })).toThrow(/unknown lock id 42/);
  });
});
