import { describe, expect, it } from 'vitest';
import type { Semantics } from '../../src/detect/finding.js';
import { findingKinds, run } from '../helpers/engine-run.js';
import { exit, fork, lost, nest, op } from '../helpers/lock-shapes.js';
import type { TraceEvent } from '../../src/trace/event.js';

const ALL: readonly Semantics[] = ['instance', 'predictive', 'lockdep'];

describe('replay engine: lock types', () => {
  it.each([
    ['a recursive mutex re-locked by its owner', [], [
      op(1, 'ACQUIRE', 1, { type: 'MUTEX_RECURSIVE' }), op(1, 'ACQUIRE', 1), op(1, 'RELEASE', 1), op(1, 'RELEASE', 1)]],
    ['a recursive mutex released once too often', ['bad-unlock'], [
      op(1, 'ACQUIRE', 1, { type: 'MUTEX_RECURSIVE' }), op(1, 'ACQUIRE', 1), op(1, 'RELEASE', 1), op(1, 'RELEASE', 1),
      op(1, 'RELEASE', 1)]],
    ['a plain mutex re-locked by its owner', ['aa'], [op(1, 'ACQUIRE', 1, { type: 'MUTEX' }), op(1, 'ACQUIRE', 1)]],
    ['an error-checking mutex re-locked by its owner (EDEADLK)', [], [
      op(1, 'ACQUIRE', 1, { type: 'MUTEX_ERRORCHECK' }), op(1, 'ACQUIRE', 1), op(1, 'FAILED', 1), op(1, 'RELEASE', 1)]],
    ['a default rwlock read twice', [], [
      op(1, 'INIT', 1, { type: 'RWLOCK_PREFER_READER' }), op(1, 'ACQUIRE', 1, { mode: 'SHARED' }),
      op(1, 'ACQUIRE', 1, { mode: 'SHARED' }), op(1, 'RELEASE', 1), op(1, 'RELEASE', 1)]],
    ['a writer-preferring rwlock read twice', [], [
      op(1, 'ACQUIRE', 1, { mode: 'SHARED', type: 'RWLOCK_PREFER_WRITER' }), op(1, 'ACQUIRE', 1, { mode: 'SHARED' })]],
    ['a non-recursive writer-preferring rwlock read twice', ['aa'], [
      op(1, 'ACQUIRE', 1, { mode: 'SHARED', type: 'RWLOCK_PREFER_WRITER_NONRECURSIVE' }), op(1, 'ACQUIRE', 1, { mode: 'SHARED' })]],
    ['an rwlock of unknown type read twice', ['aa'], [op(1, 'ACQUIRE', 1, { mode: 'SHARED' }), op(1, 'ACQUIRE', 1, { mode: 'SHARED' })]],
    ['a default rwlock read, then written', ['aa'], [
      op(1, 'ACQUIRE', 1, { mode: 'SHARED', type: 'RWLOCK_PREFER_READER' }), op(1, 'ACQUIRE', 1)]],
    ['a spinlock taken twice', ['aa'], [op(1, 'ACQUIRE', 1, { type: 'SPINLOCK' }), op(1, 'ACQUIRE', 1)]],
  ])('%s gives %j', (_what, kinds, events) => {
    for (const semantics of ALL) expect(findingKinds(events as TraceEvent[], { semantics })).toEqual(kinds);
  });

  it('sees no inversion through reader re-entry of a default rwlock', () => {
    const events = [
      fork(1, 2), fork(1, 3), op(2, 'INIT', 5, { type: 'RWLOCK_PREFER_READER' }),
      op(2, 'ACQUIRE', 5, { mode: 'SHARED' }), op(2, 'ACQUIRE', 6), op(2, 'RELEASE', 6), op(2, 'RELEASE', 5),
      op(3, 'ACQUIRE', 6), op(3, 'ACQUIRE', 5, { mode: 'SHARED' }), op(3, 'RELEASE', 5), op(3, 'RELEASE', 6),
    ];
    for (const semantics of ALL) expect(findingKinds(events, { semantics })).toEqual([]);
  });
});

describe('replay engine: failed calls and lock lifetimes', () => {
  it.each([
    ['a timed lock that timed out holds nothing', [], [op(1, 'ACQUIRE', 1), op(1, 'FAILED', 1), op(1, 'ACQUIRE', 1), op(1, 'RELEASE', 1)]],
    ['a failed call is no release', ['bad-unlock'], [op(1, 'ACQUIRE', 1), op(1, 'FAILED', 1), op(1, 'RELEASE', 1)]],
    ['a FAILED of a lock never seen changes nothing', [], [op(1, 'FAILED', 1)]],
    ['destroy then a new init at the same id: a new lock', [], [
      ...nest(1, 1, 2), op(1, 'DESTROY', 1), op(1, 'INIT', 1, { type: 'MUTEX' }), ...nest(2, 2, 1)]],
    ['init again without a destroy: a new lock too', [], [...nest(1, 1, 2), op(1, 'INIT', 1), ...nest(2, 2, 1)]],
    ['the same lock without a destroy keeps its edges', ['order-inversion'], [...nest(1, 1, 2), ...nest(2, 2, 1)]],
    ['a lock destroyed while held', ['destroy-locked'], [op(1, 'ACQUIRE', 1), op(1, 'DESTROY', 1), op(1, 'RELEASE', 1)]],
    ['a lock initialised again while another task holds it', ['destroy-locked'], [op(2, 'ACQUIRE', 1), op(1, 'INIT', 1), op(2, 'RELEASE', 1)]],
    ['a destroy of an unheld lock', [], [op(1, 'ACQUIRE', 1), op(1, 'RELEASE', 1), op(1, 'DESTROY', 1)]],
    ['a task that exits holding a lock', ['held-at-exit'], [op(1, 'ACQUIRE', 1), op(1, 'ACQUIRE', 2), op(1, 'RELEASE', 2), exit(1)]],
    ['a task that exits holding nothing', [], [...nest(1, 1, 2), exit(1)]],
  ])('%s gives %j', (_what, kinds, events) => {
    for (const semantics of ALL) expect(findingKinds(events as TraceEvent[], { semantics })).toEqual(kinds);
  });

  it('names the locks held at exit and where they were taken', () => {
    const [f] = run([op(1, 'ACQUIRE', 1), op(1, 'ACQUIRE', 2), op(1, 'ACQUIRE', 3), op(1, 'RELEASE', 2), exit(1)]).findings();
    expect(f).toMatchObject({ kind: 'held-at-exit', tasks: [{ tid: 1, comm: 't1' }], edges: [] });
    expect(f.locks.map((l) => l.lock)).toEqual(['1', '3']);
    expect(f.events.map((e) => e.index)).toEqual([0, 2, 4]);
    expect(f.detail).toMatch(/exited holding 2 locks/);
  });

  it('names the destroyer, the holder and where the lock was taken', () => {
    const [f] = run([op(2, 'ACQUIRE', 1), op(1, 'DESTROY', 1)]).findings();
    expect(f).toMatchObject({ kind: 'destroy-locked', locks: [{ lock: '1', mode: 'EXCLUSIVE' }] });
    expect(f.tasks.map((t) => t.tid)).toEqual([1, 2]);
    expect(f.events.map((e) => e.index)).toEqual([0, 1]);
    expect(f.detail).toMatch(/task 1 destroyed 1 while task 2 held it/);
  });
});

describe('replay engine: losses', () => {
  it('does not call a release of an unknown lock after a loss bad-unlock, and counts it', () => {
    const engine = run([op(1, 'ACQUIRE', 3), op(1, 'RELEASE', 3), lost(5), op(1, 'RELEASE', 1), op(2, 'RELEASE', 2)]);
    expect(engine.findings()).toEqual([]);
    expect(engine.notes().releasesAfterLoss).toBe(2);
  });

  it('still reports bad-unlock of a task a loss of another task did not touch', () => {
    expect(findingKinds([op(1, 'ACQUIRE', 3), op(2, 'ACQUIRE', 4), lost(5, 1), op(1, 'RELEASE', 1), op(2, 'RELEASE', 2)]))
      .toEqual(['bad-unlock']);
  });

  it('drops a hold taken before a loss when the task requests the lock again (its release was lost)', () => {
    expect(findingKinds([op(1, 'ACQUIRE', 1), lost(1), op(1, 'ACQUIRE', 1), op(1, 'RELEASE', 1)])).toEqual([]);
    expect(findingKinds([op(1, 'ACQUIRE', 1), op(1, 'ACQUIRE', 1)])).toEqual(['aa']);
  });

  it('says how many events were lost inside a finding\'s window', () => {
    const events = [fork(1, 2), fork(1, 3), ...nest(2, 1, 2), lost(7), ...nest(3, 2, 1)];
    const [f] = run(events, { semantics: 'instance' }).findings();
    expect(f).toMatchObject({ kind: 'order-inversion', lostInWindow: 7 });
    const [clean] = run([...events, lost(3), ...nest(3, 5, 6)], { semantics: 'instance' }).findings();
    expect(clean.lostInWindow).toBe(7);
    expect(run([fork(1, 2), fork(1, 3), ...nest(2, 1, 2), ...nest(3, 2, 1), lost(2)]).findings()[0].lostInWindow).toBeUndefined();
  });
});
