import { describe, expect, it } from 'vitest';
import { createOrderGraph, MAX_VARIANTS_PER_PAIR } from '../../src/detect/order-graph.js';
import { createLockState } from '../../src/model/lock-state.js';
import { createLockTable } from '../../src/model/lock-table.js';
import { MODE_EXCLUSIVE, MODE_SHARED } from '../../src/model/mode-code.js';
import { createTaskSlot, NONE, type TaskSlot } from '../../src/model/task-slot.js';
import { fork } from '../../src/model/vector-clock.js';

function setup(threadAware = true) {
  const locks = createLockTable(false);
  const state = createLockState(locks);
  const [a, b, g] = ['a', 'b', 'g'].map((n) => locks.synthetic({ cls: n, lock: n, subclass: 0 }));
  const graph = createOrderGraph(threadAware);
  // Record the edge from the task's held `from` to `to`.
  const record = (task: TaskSlot, from: number, to: number, mode = MODE_EXCLUSIVE) =>
    graph.record(task, task.heldInstance.indexOf(from), to, to, mode, 7, 70, undefined);
  return { state, graph, a, b, g, record };
}

describe('order graph', () => {
  it('keeps a new edge as a variant with both events, and a repeat costs nothing', () => {
    const { state, graph, a, b, record } = setup();
    const t = state.tasks.get(1);
    state.grant(t, a, MODE_EXCLUSIVE, 3, 30, [1n]);
    const v = record(t, a, b);
    expect(v).toBe(0);
    expect([graph.heldIndex[v], graph.heldTs[v], graph.heldStack[v], graph.reqIndex[v], graph.reqTs[v]]).toEqual([3, 30, [1n], 7, 70]);
    expect(record(t, a, b)).toBe(NONE);
    expect([graph.pairCount, graph.variantCount]).toEqual([1, 1]);
  });

  it.each([
    ['another requested mode', (r: Rec) => r.record(r.t, r.a, r.b, MODE_SHARED), true],
    ['another task', (r: Rec) => { const u = r.state.tasks.get(2); r.state.grant(u, r.a, MODE_EXCLUSIVE, 0, 0, undefined); return r.record(u, r.a, r.b); }, true],
    ['a changed fork/join clock', (r: Rec) => { fork(r.t, createTaskSlot(5, 50, undefined)); return r.record(r.t, r.a, r.b); }, true],
    ['an extra gate lock (more suppression: covered)', (r: Rec) => { r.state.grant(r.t, r.g, MODE_EXCLUSIVE, 0, 0, undefined); return r.record(r.t, r.a, r.b); }, false],
  ])('makes %s a new variant: %s', (_what, again, isNew) => {
    const r = setup();
    const rec: Rec = { ...r, t: r.state.tasks.get(1) };
    r.state.grant(rec.t, r.a, MODE_EXCLUSIVE, 0, 0, undefined);
    r.record(rec.t, r.a, r.b);
    expect(again(rec) !== NONE).toBe(isNew);
  });

  it('keeps a variant with fewer gates when one with more gates exists', () => {
    const { state, graph, a, b, g, record } = setup();
    const t = state.tasks.get(1);
    state.grant(t, g, MODE_EXCLUSIVE, 0, 0, undefined);
    state.grant(t, a, MODE_EXCLUSIVE, 1, 0, undefined);
    const gated = record(t, a, b);
    state.release(t, g);
    const free = record(t, a, b);
    expect(free).not.toBe(NONE);
    expect([graph.gates[gated], graph.gates[free]]).toEqual([[g], []]);
  });

  it('ignores clocks and gates when not thread-aware (lockdep)', () => {
    const { state, a, b, g, record } = setup(false);
    const t = state.tasks.get(1);
    state.grant(t, a, MODE_EXCLUSIVE, 0, 0, undefined);
    record(t, a, b);
    state.grant(t, g, MODE_EXCLUSIVE, 0, 0, undefined);
    fork(t, createTaskSlot(5, 50, undefined));
    expect(record(t, a, b)).toBe(NONE);
  });

  it(`keeps at most ${MAX_VARIANTS_PER_PAIR} variants per pair and counts the rest`, () => {
    const { state, graph, a, b, record } = setup();
    for (let tid = 1; tid <= MAX_VARIANTS_PER_PAIR + 2; tid++) {
      const t = state.tasks.get(tid);
      state.grant(t, a, MODE_EXCLUSIVE, 0, 0, undefined);
      record(t, a, b);
    }
    expect([graph.variantCount, graph.dropped]).toEqual([MAX_VARIANTS_PER_PAIR, 2]);
  });

  it('counts every edge of a full pair, by a task with a variant there or without one', () => {
    const { state, graph, a, b, record } = setup();
    const tasks = Array.from({ length: MAX_VARIANTS_PER_PAIR + 1 }, (_, i) => state.tasks.get(i + 1));
    for (const t of tasks) state.grant(t, a, MODE_EXCLUSIVE, 0, 0, undefined);
    for (const t of tasks.slice(0, MAX_VARIANTS_PER_PAIR)) record(t, a, b);
    for (let i = 0; i < 2; i++) {
      expect(record(tasks[0], a, b)).toBe(NONE);
      expect(record(tasks[MAX_VARIANTS_PER_PAIR], a, b)).toBe(NONE);
    }
    expect([graph.variantCount, graph.dropped]).toEqual([MAX_VARIANTS_PER_PAIR, 4]);
  });
});

type Rec = ReturnType<typeof setup> & { t: TaskSlot };
