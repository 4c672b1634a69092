import { describe, expect, it } from 'vitest';
import { createTaskSlot, type TaskSlot } from '../../src/model/task-slot.js';
import { concurrent, fork, happensBefore, join } from '../../src/model/vector-clock.js';

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
});
