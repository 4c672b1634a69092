import { describe, expect, it } from 'vitest';
import { createTaskSlot, type TaskSlot } from '../../src/model/task-slot.js';
import { clockEntry, concurrent, fork, happensBefore, join } from '../../src/model/vector-clock.js';

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
    const copy = [...kept];
    fork(parent, child);
    join(parent, child);
    expect(kept).toEqual(copy);
  });

  it('stays sparse: a task never forked nor joined keeps one entry, whatever the task count', () => {
    const many = tasks(100_000);
    expect(many.every((t) => t.clock.length === 2)).toBe(true);
    const [parent] = many;
    for (let i = 1; i < 1000; i++) fork(parent, many[i]);
    expect(parent.clock.length).toBe(2);
    expect(many[999].clock.length).toBe(4);
    expect(concurrent(many[5].id, many[5].clock, many[999].id, many[999].clock)).toBe(true);
    expect(concurrent(many[5].id, many[5].clock, many[99_999].id, many[99_999].clock)).toBe(true);
  });

  it('agrees with a dense reference on random forks and joins', () => {
    let seed = 7;
    const rand = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
    const n = 12;
    const slots = tasks(n);
    const dense = slots.map((t) => { const c = new Array<number>(n).fill(0); c[t.id] = 1; return c; });
    const max = (a: number[], b: number[]): number[] => a.map((x, i) => Math.max(x, b[i]));
    for (let step = 0; step < 400; step++) {
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
      for (let t = 0; t < n; t++) for (let u = 0; u < n; u++) expect(clockEntry(slots[t].clock, u)).toBe(dense[t][u]);
    }
  });
});
