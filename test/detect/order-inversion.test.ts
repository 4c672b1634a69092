import { describe, expect, it } from 'vitest';
import type { Finding, Semantics } from '../../src/detect/finding.js';
import { MAX_ORDER_DEPTH } from '../../src/detect/order-graph.js';
import { run } from '../helpers/engine-run.js';
import { exit, fork, joined, nest, op, randomNesting, ring, rotation } from '../helpers/lock-shapes.js';
import type { TraceEvent } from '../../src/trace/event.js';

const inversions = (events: readonly TraceEvent[], semantics: Semantics): Finding[] =>
  run(events, { semantics }).findings().filter((f) => f.kind === 'order-inversion');

describe('order inversion: cycles of any length', () => {
  it.each([9, 16, 30, 64].flatMap((n) => [[n, 'instance'], [n, 'lockdep']] as const))(
    'finds a ring of %i mutexes taken by one thread under %s semantics', (n, semantics) => {
      const [f, ...rest] = inversions(ring(n), semantics);
      expect(rest).toEqual([]);
      expect(f.locks).toHaveLength(n);
      expect(f.edges.map((e) => e.held.lock)).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
      if (semantics === 'instance') expect(f.qualification).toBe('same-task');
    });

  it('finds a ring of 30 mutexes over 30 threads as feasible', () => {
    const [f] = inversions(ring(30, true), 'instance');
    expect(f).toMatchObject({ qualification: 'feasible' });
    expect(f.tasks).toHaveLength(30);
  });

  it('keeps its bound under predictive semantics and says when a search reached it', () => {
    const engine = run(ring(9, true), { semantics: 'predictive' });
    expect(engine.findings()).toEqual([]);
    expect(engine.notes().searchStops).toBeGreaterThan(0);
    expect(run(ring(8, true), { semantics: 'predictive' }).findings()).toHaveLength(1);
  });

  it.each([4, 6, 10, 64])('groups a rotation of %i locks over as many threads into at most n - 1 findings', (n) => {
    for (const semantics of ['instance', 'lockdep'] as const) {
      const found = inversions(rotation(n), semantics);
      expect(found.length).toBeGreaterThan(0);
      expect(found.length).toBeLessThanOrEqual(n - 1);
      // The further cycles are counted, not dropped: at least one per closing dependency.
      const more = found.reduce((sum, f) => sum + (f.moreCycles ?? 0), 0);
      expect(found.length + more).toBeGreaterThanOrEqual((n * (n - 1)) / 2);
    }
  });

  it.each(['instance', 'predictive'] as const)(
    'finds an inversion with a lock held in the middle of 300 held by one task (%s)', (semantics) => {
      const deep = Array.from({ length: 300 }, (_, i) => op(1, 'ACQUIRE', 1 + i));
      const found = inversions([fork(1, 2), ...deep, ...nest(2, 201, 101)], semantics);
      expect(found.map((f) => f.locks.map((l) => l.lock).sort())).toEqual([['101', '201']]);
      if (semantics === 'instance') expect(found[0].qualification).toBe('feasible');
    });

  describe('a request made holding more than MAX_ORDER_DEPTH locks', () => {
    const depth = MAX_ORDER_DEPTH;
    // Task 1 holds locks 1 .. depth + 1: the last of them was requested under `depth` held locks.
    const held = [fork(1, 2), ...Array.from({ length: depth + 1 }, (_, i) => op(1, 'ACQUIRE', 1 + i))];
    const deeper = op(1, 'ACQUIRE', depth + 2);
    const lockSets = (found: readonly Finding[]): string[][] => found.map((f) => f.locks.map((l) => l.lock).sort());

    // (Predictive semantics cuts this search at its budget: the first lock has depth edges out.)
    it('up to the depth, is ordered after every held lock', () => {
      const engine = run([...held, ...nest(2, depth + 1, 1)], { semantics: 'instance' });
      expect(lockSets(engine.findings())).toEqual([['1', String(depth + 1)]]);
      expect(engine.notes().deepRequests).toBe(0);
    });

    it.each(['instance', 'predictive'] as const)('past it, is ordered after the last lock taken, and counted (%s)', (semantics) => {
      const engine = run([...held, deeper, ...nest(2, depth + 2, depth + 1)], { semantics });
      expect(lockSets(engine.findings())).toEqual([[String(depth + 1), String(depth + 2)]]);
      expect(engine.notes().deepRequests).toBe(1);
    });

    it('past it, gives no edge from the locks beneath the last: an inversion through them is missed, as the note says', () => {
      const engine = run([...held, deeper, ...nest(2, depth + 2, 1)], { semantics: 'predictive' });
      expect(engine.findings()).toEqual([]);
      expect(engine.notes().deepRequests).toBe(1);
    });
  });

  it('keys every grouped finding by its own cycle of (class, mode) steps', () => {
    const found = inversions(rotation(10), 'instance');
    expect(new Set(found.map((f) => f.key)).size).toBe(found.length);
    for (const f of found) expect(f.edges.length).toBe(f.locks.length);
  });

  it.each([
    [1, 12, 4, 300, 4], [2, 40, 16, 2000, 6], [3, 64, 64, 3000, 8], [4, 8, 3, 500, 8],
  ])('bounds the findings of a random dense shape (seed %i: %i locks, %i tasks, %i sections, depth %i)',
    (seed, locks, tasks, rounds, depth) => {
      const events = randomNesting(seed, locks, tasks, rounds, depth);
      for (const semantics of ['instance', 'lockdep'] as const) {
        const found = inversions(events, semantics);
        expect(found.length).toBeGreaterThan(0);
        expect(found.length).toBeLessThanOrEqual(locks - 1);
        for (const f of found) {
          // Every finding is a real cycle: each edge requests the lock the next one holds.
          f.edges.forEach((e, i) => expect(e.requested.lock).toBe(f.edges[(i + 1) % f.edges.length].held.lock));
        }
      }
    });
});

describe('order inversion: qualifications under instance semantics', () => {
  it.each([
    ['one task takes both orders', 'same-task', [...nest(1, 1, 2), ...nest(1, 2, 1)]],
    ['two threads, the second forked after the first joined', 'fork-join-ordered',
      [fork(1, 2), ...nest(2, 1, 2), exit(2), joined(1, 2), fork(1, 3), ...nest(3, 2, 1)]],
    ['the parent before the fork, the child after', 'fork-join-ordered', [...nest(1, 1, 2), fork(1, 2), ...nest(2, 2, 1)]],
    ['both under one exclusive gate', 'gate-lock',
      [fork(1, 2), fork(1, 3), op(2, 'ACQUIRE', 9), ...nest(2, 1, 2), op(2, 'RELEASE', 9),
        op(3, 'ACQUIRE', 9), ...nest(3, 2, 1), op(3, 'RELEASE', 9)]],
    ['two concurrent threads', 'feasible', [fork(1, 2), fork(1, 3), ...nest(2, 1, 2), ...nest(3, 2, 1)]],
  ])('%s: %s', (_what, qualification, events) => {
    const [f, ...rest] = inversions(events as TraceEvent[], 'instance');
    expect(rest).toEqual([]);
    expect(f.qualification).toBe(qualification);
    if (qualification === 'gate-lock') expect(f.gate).toEqual({ cls: '9', lock: '9' });
    else expect(f.gate).toBeUndefined();
    // predictive keeps only the feasible ones.
    expect(inversions(events as TraceEvent[], 'predictive')).toHaveLength(qualification === 'feasible' ? 1 : 0);
  });

  it('upgrades a same-task inversion to feasible when another thread later takes one of its orders', () => {
    const alone = [fork(1, 5), ...nest(1, 1, 2), ...nest(1, 2, 1)];
    expect(inversions(alone, 'instance')[0].qualification).toBe('same-task');
    const [f] = inversions([...alone, ...nest(5, 2, 1)], 'instance');
    expect(f.qualification).toBe('feasible');
    expect(f.tasks.map((t) => t.tid).sort()).toEqual([1, 5]);
  });
});

describe('order inversion: predictive grouping', () => {
  it.each([4, 6, 8])('groups a rotation of %i locks into at most n - 1 feasible findings', (n) => {
    const engine = run(rotation(n), { semantics: 'predictive' });
    const found = engine.findings().filter((f) => f.kind === 'order-inversion');
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(n - 1);
    expect(found.every((f) => f.qualification === undefined)).toBe(true);
    expect(found.reduce((sum, f) => sum + (f.moreCycles ?? 0), 0)).toBeGreaterThan(0);
  });
});
