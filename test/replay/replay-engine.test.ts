import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/detect/finding.js';
import type { Semantics } from '../../src/detect/finding.js';
import { findingKinds, run } from '../helpers/engine-run.js';
import { lockClassOf, lockNameOf, script } from '../helpers/engine-script.js';
import { lockEvent } from '../helpers/trace-builders.js';

const ABBA_APART = '1:L(A) L(B) U(B) U(A) 2:L(B) L(A) U(A) U(B)';
const ABBA_OVERLAP = '1:L(A) 2:L(B) 1:L(B) 2:L(A)';

function only(findings: readonly Finding[], kind: Finding['kind']): Finding {
  const of = findings.filter((f) => f.kind === kind);
  expect(of).toHaveLength(1);
  return of[0];
}

describe('replay engine: AA', () => {
  it.each([
    ['EXCLUSIVE after EXCLUSIVE', '1:L(A) L(A)', ['aa']],
    ['SHARED after SHARED (rwsem read twice)', '1:L(A:S) L(A:S)', ['aa']],
    ['SHARED_RECURSIVE after SHARED_RECURSIVE (rwlock read twice)', '1:L(A:R) L(A:R)', []],
    ['EXCLUSIVE after SHARED_RECURSIVE (read then write)', '1:L(A:R) L(A)', ['aa']],
    ['SHARED_RECURSIVE after EXCLUSIVE (write then read)', '1:L(A) L(A:R)', ['aa']],
    ['ADD after ADD', '1:L(A:ADD) L(A:ADD)', []],
    ['ADD after BLOCK', '1:L(A:BLOCK) L(A:ADD)', ['aa']],
    ['a trylock of a held lock', '1:L(A) T(A)', []],
    ['a request after a failed trylock', '1:F(A) L(A) U(A)', []],
    ['two instances without a class', '1:L(A) L(B)', []],
  ])('%s (%s) gives %j', (_what, text, kinds) => {
    expect(findingKinds(text)).toEqual(kinds);
  });

  it('names the held lock, both acquisition events and the task', () => {
    const [aa] = run('1:L(B) L(A) U(B) L(A)').findings();
    expect(aa).toMatchObject({
      kind: 'aa', policy: 'naive', semantics: 'predictive',
      locks: [{ lock: lockNameOf('A'), cls: lockClassOf('A'), mode: 'EXCLUSIVE' }],
      tasks: [{ tid: 1, comm: 't1' }],
      events: [{ index: 1, ts: 2000, tid: 1 }, { index: 3, ts: 4000, tid: 1 }],
      count: 1,
    });
    expect(aa.edges).toHaveLength(1);
    expect(aa.edges[0].heldAt.index).toBe(1);
    expect(aa.edges[0].requestedAt.index).toBe(3);
  });

  it('finds AA between two instances of one class only under lockdep', () => {
    expect(findingKinds('1:L(X1) L(X2)', { semantics: 'predictive' })).toEqual([]);
    expect(findingKinds('1:L(X1) L(X2)', { semantics: 'lockdep' })).toEqual(['aa']);
    expect(findingKinds('1:L(X1) L(X2@1)', { semantics: 'lockdep' })).toEqual([]);
  });
});

describe('replay engine: AB/BA', () => {
  it('reports an order inversion when two tasks take A, B in opposite orders apart in time', () => {
    const findings = run(ABBA_APART).findings();
    expect(findings.map((f) => f.kind)).toEqual(['order-inversion']);
    const [f] = findings;
    expect(f.tasks).toEqual([{ tid: 1, comm: 't1' }, { tid: 2, comm: 't2' }]);
    expect(f.locks.map((l) => [l.lock, l.mode])).toEqual([[lockNameOf('A'), 'EXCLUSIVE'], [lockNameOf('B'), 'EXCLUSIVE']]);
    // The existing dependency first, the new one (that closed the cycle) last.
    expect(f.edges.map((e) => [e.task.tid, e.held.lock, e.heldAt.index, e.requested.lock, e.requestedAt.index])).toEqual([
      [1, lockNameOf('A'), 0, lockNameOf('B'), 1],
      [2, lockNameOf('B'), 4, lockNameOf('A'), 5],
    ]);
    expect(f.events.map((e) => e.index)).toEqual([0, 1, 4, 5]);
  });

  it('reports a wait-for cycle when the two tasks overlap, naming what each holds and waits for', () => {
    const findings = run(ABBA_OVERLAP).findings();
    const f = only(findings, 'wait-cycle');
    expect(f.edges.map((e) => [e.task.tid, e.held.lock, e.heldAt.index, e.requested.lock, e.requestedAt.index])).toEqual([
      [2, lockNameOf('B'), 1, lockNameOf('A'), 3],
      [1, lockNameOf('A'), 0, lockNameOf('B'), 2],
    ]);
    expect(f.events.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    // The same cycle is an order inversion too: one finding, the wait-cycle, says so.
    expect(findings.map((x) => x.kind)).toEqual(['wait-cycle']);
    expect(f.alsoKinds).toEqual(['order-inversion']);
  });

  it('ends a wait at the task\'s next event, so a task that went on is in no wait cycle', () => {
    expect(findingKinds('1:L(A) 2:L(B) 1:L(B) U(B) 2:L(A)')).toEqual(['order-inversion']);
  });

  it('releases the holds of an exited task', () => {
    expect(findingKinds('1:L(A) 2:L(B) 1:L(B) exit 2:L(A)')).toEqual(['held-at-exit', 'order-inversion']);
    expect(run('1:L(A) exit 2:L(A)').snapshot().tasks).toEqual([
      { tid: 2, comm: 't2', held: [{ lock: lockNameOf('A'), cls: lockClassOf('A'), mode: 'EXCLUSIVE' }] },
    ]);
  });

  it.each([
    ['three tasks apart in time', '1:L(A) L(B) U(B) U(A) 2:L(B) L(C) U(C) U(B) 3:L(C) L(A) U(A) U(C)', 'order-inversion'],
    ['three tasks overlapping', '1:L(A) 2:L(B) 3:L(C) 1:L(B) 2:L(C) 3:L(A)', 'wait-cycle'],
  ])('finds a 3-cycle over %s', (_what, text, kind) => {
    const f = only(run(text).findings(), kind as Finding['kind']);
    expect(f.locks).toHaveLength(3);
    expect(f.tasks.map((t) => t.tid).sort()).toEqual([1, 2, 3]);
  });

  it.each([
    ['one task alone', '1:L(A) L(B) U(B) U(A) L(B) L(A) U(A) U(B)', [], ['order-inversion']],
    ['a cycle that needs one task twice', '1:L(A) L(B) U(B) U(A) L(B) L(C) U(C) U(B) 2:L(C) L(A) U(A) U(C)', [], ['order-inversion']],
    ['a common EXCLUSIVE gate lock', '1:L(G) L(A) L(B) U(B) U(A) U(G) 2:L(G) L(B) L(A) U(A) U(B) U(G)', [], ['order-inversion']],
    ['a gate held SHARED by both', '1:L(G:S) L(A) L(B) U(B) U(A) U(G) 2:L(G:S) L(B) L(A) U(A) U(B) U(G)', ['order-inversion'], ['order-inversion']],
    ['a gate held by one task only', '1:L(G) L(A) L(B) U(B) U(A) U(G) 2:L(B) L(A) U(A) U(B)', ['order-inversion'], ['order-inversion']],
    ['the parent\'s edge before the fork vs the child\'s', '1:L(A) L(B) U(B) U(A) fork(2) 2:L(B) L(A) U(A) U(B)', [], ['order-inversion']],
    ['the parent\'s edge after the fork vs the child\'s', '1:fork(2) L(A) L(B) U(B) U(A) 2:L(B) L(A) U(A) U(B)', ['order-inversion'], ['order-inversion']],
    ['the same parent edge again after a fork', '1:L(A) L(B) U(B) U(A) fork(2) L(A) L(B) U(B) U(A) 2:L(B) L(A) U(A) U(B)', ['order-inversion'], ['order-inversion']],
    ['a joined child\'s edge vs the parent\'s after the join', '1:fork(2) 2:L(B) L(A) U(A) U(B) exit 1:join(2) L(A) L(B) U(B) U(A)', [], ['order-inversion']],
    ['a trylock as the second lock (no incoming edge)', '1:L(A) T(B) U(B) U(A) 2:L(B) L(A) U(A) U(B)', [], []],
    ['a trylock as the first lock (its outgoing edge counts)', '1:T(A) L(B) U(B) U(A) 2:L(B) L(A) U(A) U(B)', ['order-inversion'], ['order-inversion']],
    ['a failed trylock', '1:L(A) F(B) U(A) 2:L(B) L(A) U(A) U(B)', [], []],
    ['recursive reads of A on both sides', '1:L(A:R) L(B) U(B) U(A) 2:L(B) L(A:R) U(A) U(B)', [], []],
    ['rwsem reads of A on both sides', '1:L(A:S) L(B) U(B) U(A) 2:L(B) L(A:S) U(A) U(B)', ['order-inversion'], ['order-inversion']],
    ['a recursive read then a write of A', '1:L(A:R) L(B) U(B) U(A) 2:L(B) L(A) U(A) U(B)', ['order-inversion'], ['order-inversion']],
    ['ADD/ADD on both sides', '1:L(A:ADD) L(B) U(B) U(A) 2:L(B) L(A:ADD) U(A) U(B)', [], []],
    ['BLOCK then ADD', '1:L(A:BLOCK) L(B) U(B) U(A) 2:L(B) L(A:ADD) U(A) U(B)', ['order-inversion'], ['order-inversion']],
  ])('with %s (%s): predictive %j, lockdep %j', (_what, text, predictive, lockdep) => {
    expect(findingKinds(text, { semantics: 'predictive' })).toEqual(predictive);
    expect(findingKinds(text, { semantics: 'lockdep' })).toEqual(lockdep);
  });

  it.each([[8, 1], [9, 0]])('finds a cycle of %i locks over as many tasks: %i finding(s)', (n, found) => {
    const steps = Array.from({ length: n }, (_, i) => `${i + 1}:L(K${i}x) L(K${(i + 1) % n}x) U(K${(i + 1) % n}x) U(K${i}x)`);
    expect(findingKinds(steps.join(' '))).toHaveLength(found);
  });
});

describe('replay engine: misuse', () => {
  it.each([
    ['a double unlock', '1:L(A) U(A) U(A)'],
    ['an unlock of a lock never taken', '1:U(A)'],
    ['an unlock of another task\'s lock', '1:L(A) 2:U(A)'],
  ])('reports %s as bad-unlock', (_what, text) => {
    const [f] = run(text).findings();
    expect(f).toMatchObject({ kind: 'bad-unlock', locks: [{ lock: lockNameOf('A') }], edges: [] });
    expect(f.detail).toMatch(/does not hold/);
    expect(f.events).toHaveLength(1);
  });
});

describe('replay engine: de-duplication', () => {
  it('counts a cycle closed again by a new task\'s edge once more', () => {
    const [f] = run(`${ABBA_APART} 3:L(B) L(A) U(A) U(B)`).findings();
    expect(f.count).toBe(2);
    expect(f.tasks.map((t) => t.tid)).toEqual([1, 2]);
  });

  it('does not count a known edge repeated by the same task', () => {
    const [f] = run(`${ABBA_APART} 2:L(B) L(A) U(A) U(B) 1:L(A) L(B) U(B) U(A)`).findings();
    expect(f.count).toBe(1);
  });

  it('counts AA on instances of one class under one key', () => {
    const findings = run('1:L(X1) L(X1) U(X1) U(X1) 2:L(X2) L(X2)').findings();
    expect(findings.map((f) => [f.kind, f.count])).toEqual([['aa', 2]]);
    expect(findings[0].key).toBe('aa: X EXCLUSIVE');
  });

  it('keys a cycle by (class, mode) rotated to a canonical start', () => {
    const ab = run(ABBA_APART).findings()[0].key;
    const ba = run('1:L(B) L(A) U(A) U(B) 2:L(A) L(B) U(B) U(A)').findings()[0].key;
    expect(ab).toBe(ba);
  });

  it.each<Semantics>(['predictive', 'lockdep'])('gives the same findings whatever the batch size (%s)', (semantics) => {
    const text = `${ABBA_OVERLAP} 1:U(B) U(A) 2:U(A) U(B) ${ABBA_APART} 1:U(A)`;
    expect(run(text, { semantics, batchSize: 1 }).findings()).toEqual(run(text, { semantics }).findings());
    expect(run(text, { semantics, batchSize: 3 }).events).toBe(script(text).length);
  });
});

describe('replay engine: snapshot', () => {
  it('shows what each task holds and waits for, and the counters', () => {
    const engine = run('1:L(A) 2:L(B) 1:L(B)');
    const a = { lock: lockNameOf('A'), cls: lockClassOf('A'), mode: 'EXCLUSIVE' };
    const b = { lock: lockNameOf('B'), cls: lockClassOf('B'), mode: 'EXCLUSIVE' };
    expect(engine.snapshot()).toEqual({
      events: 3, ts: 3000, lost: 0,
      tasks: [{ tid: 1, comm: 't1', held: [a, b], waitingFor: b }, { tid: 2, comm: 't2', held: [b] }],
      locks: 2, edges: 1, cycles: 0, findings: 0,
    });
  });

  it('counts lost events and cycles', () => {
    const engine = run([
      ...script(ABBA_APART),
      { ts: 9000, tid: 0, pid: 0, cpu: 1, kind: 'lost', lost: { count: 17, source: 'bpftrace' } },
    ]);
    expect(engine.snapshot()).toMatchObject({ events: 9, lost: 17, cycles: 1, findings: 1, edges: 2 });
  });
});

describe('replay engine: every finding names its policy and semantics', () => {
  it.each<Semantics>(['predictive', 'lockdep'])('under %s', (semantics) => {
    const findings = run(`1:L(A) L(A) U(A) U(A) U(A) ${ABBA_OVERLAP}`, { semantics }).findings();
    expect(findings.length).toBeGreaterThanOrEqual(3);
    for (const f of findings) expect([f.policy, f.semantics]).toEqual(['naive', semantics]);
  });
});

describe('replay engine: pthread ops before their semantics', () => {
  const at = (events: ReturnType<typeof lockEvent>[]) => events.map((e, i) => ({ ...e, ts: (i + 1) * 1000 }));

  it('drops a FAILED request\'s hold without a bad unlock, and a later unlock of it is one', () => {
    expect(findingKinds(at([lockEvent(1, 'ACQUIRE', 1), lockEvent(1, 'FAILED', 1), lockEvent(1, 'ACQUIRE', 1), lockEvent(1, 'RELEASE', 1)]))).toEqual([]);
    expect(findingKinds(at([lockEvent(1, 'ACQUIRE', 1), lockEvent(1, 'FAILED', 1), lockEvent(1, 'RELEASE', 1)]))).toEqual(['bad-unlock']);
    expect(findingKinds(at([lockEvent(1, 'FAILED', 1)]))).toEqual([]);
  });

  it('reads INIT and DESTROY with a type without a finding', () => {
    expect(findingKinds(at([lockEvent(1, 'INIT', 1, { type: 'MUTEX_RECURSIVE' }), lockEvent(1, 'DESTROY', 1)]))).toEqual([]);
  });
});
