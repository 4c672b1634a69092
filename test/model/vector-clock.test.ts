import { describe, expect, it } from 'vitest';
import { createTaskSlot, type TaskSlot } from '../../src/model/task-slot.js';
import { clockEntry, clockSize, concurrent, fork, FLAT_MAX_TASKS, happensBefore, join } from '../../src/model/vector-clock.js';

function tasks(n: number): TaskSlot[] {
  return Array.from({ length: n }, (_, id) => createTaskSlot(id, 100 + id, undefined));
}

describe('vector clocks that tick only at fork and join', () => {
  it('keeps tasks never forked nor joined concurrent', () => {
    const [a, b] = tasks(2);
    expect(concurrent(a.id, a.clock, b.id, b.clock)).toBe(true);
  });

  it('orders what a parent did before a fork before everything the child does', () => {
    const [parent, child] = tasks(2);
    const beforeFork = parent.clock;
    fork(parent, child);
    expect(happensBefore(parent.id, beforeFork, child.clock)).toBe(true);
    expect(concurrent(parent.id, beforeFork, child.id, child.clock)).toBe(false);
  });

  it('leaves what the parent does after the fork concurrent with the child', () => {
    const [parent, child] = tasks(2);
    fork(parent, child);
    expect(concurrent(parent.id, parent.clock, child.id, child.clock)).toBe(true);
  });

  it('orders everything a joined task did before what the joiner does next', () => {
    const [parent, child] = tasks(2);
    fork(parent, child);
    const childClock = child.clock;
    const parentBeforeJoin = parent.clock;
    join(parent, child);
    expect(concurrent(child.id, childClock, parent.id, parentBeforeJoin)).toBe(true);
    expect(happensBefore(child.id, childClock, parent.clock)).toBe(true);
  });

  it('is transitive through a chain of forks', () => {
    const [a, b, c] = tasks(3);
    const aBefore = a.clock;
    fork(a, b);
    fork(b, c);
    expect(happensBefore(a.id, aBefore, c.clock)).toBe(true);
    expect(concurrent(a.id, a.clock, c.id, c.clock)).toBe(true);
  });

  it('never mutates a clock an edge may still reference', () => {
    const [parent, child] = tasks(2);
    const kept = parent.clock;
    const copy = structuredClone(kept);
    fork(parent, child);
    join(parent, child);
    expect(kept).toEqual(copy);
  });

  it('stays sparse: a task never forked nor joined keeps one entry, whatever the task count', () => {
    const many = tasks(100_000);
    expect(many.every((t) => clockSize(t.clock) === 1)).toBe(true);
    const [parent] = many;
    for (let i = 1; i < 1000; i++) fork(parent, many[i]);
    expect(clockSize(parent.clock)).toBe(1);
    expect(clockSize(many[999].clock)).toBe(2);
    expect(concurrent(many[5].id, many[5].clock, many[999].id, many[999].clock)).toBe(true);
    expect(concurrent(many[5].id, many[5].clock, many[99_999].id, many[99_999].clock)).toBe(true);
  });

  it.each([[12, 400], [80, 3000], [2000, 6000]])('agrees with a dense reference on random forks and joins (%i tasks, %i steps)', (n, steps) => {
    let seed = 7;
    const rand = (k: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % k; };
    const slots = tasks(n);
    const dense = slots.map((t) => { const c = new Array<number>(n).fill(0); c[t.id] = 1; return c; });
    const max = (a: number[], b: number[]): number[] => a.map((x, i) => Math.max(x, b[i]));
    for (let step = 0; step < steps; step++) {
      const a = rand(n);
      const b = rand(n);
      if (a === b) continue;
      if (rand(2) === 0) {
        fork(slots[a], slots[b]);
        dense[b] = max(dense[b], dense[a]);
        dense[a] = dense[a].slice(); dense[a][a] += 1;
      } else {
        join(slots[a], slots[b]);
        dense[a] = max(dense[a], dense[b]);
        dense[b] = dense[b].slice(); dense[b][b] += 1;
      }
      // Every entry of the two tasks just changed (checking all n² each step would take long at 2,000).
      for (const t of [a, b]) for (let u = 0; u < n; u++) if (clockEntry(slots[t].clock, u) !== dense[t][u]) expect(clockEntry(slots[t].clock, u)).toBe(dense[t][u]);
    }
    for (let t = 0; t < n; t++) for (let u = 0; u < n; u++) if (clockEntry(slots[t].clock, u) !== dense[t][u]) expect(clockEntry(slots[t].clock, u)).toBe(dense[t][u]);
  });

  it('shares what two large clocks have in common: a thread forking and joining thousands in turn', () => {
    const n = 20_000;
    const slots = tasks(n + 1);
    const [main] = slots;
    const kept = [];
    for (let i = 1; i <= n; i++) {
      fork(main, slots[i]);
      kept.push(slots[i].clock);
      join(main, slots[i]);
    }
    expect(clockSize(main.clock)).toBe(n + 1);
    // Child i knows main, the i - 1 children joined before it, and itself.
    expect(clockSize(kept[n - 1])).toBe(n + 1);
    expect(clockSize(kept[FLAT_MAX_TASKS])).toBe(FLAT_MAX_TASKS + 2);
    // Each child is after everything joined before its fork, concurrent with nothing later of main's.
    expect(happensBefore(slots[5].id, kept[4], kept[n - 1])).toBe(true);
    expect(concurrent(slots[n].id, kept[n - 1], slots[n - 1].id, kept[n - 2])).toBe(false);
    expect(happensBefore(slots[n].id, kept[n - 1], main.clock)).toBe(true);
  });
});
