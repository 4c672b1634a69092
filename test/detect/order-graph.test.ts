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
    expect([graph.heldIndex(v), graph.heldTs(v), graph.heldStack(v), graph.reqIndex(v), graph.reqTs(v), graph.reqStack(v)]).toEqual([3, 30, [1n], 7, 70, undefined]);
    expect(record(t, a, b)).toBe(NONE);
    expect([graph.pairCount, graph.variantCount]).toEqual([1, 1]);
  });

  it('keeps event indices past 2^32 and clock epochs past 65,535 exactly', () => {
    const { state, graph, a } = setup();
    const t = state.tasks.get(1);
    state.grant(t, a, MODE_EXCLUSIVE, 3, 30, undefined);
    const clocks = [];
    const n = 70_000;
    for (let k = 0; k < n; k++) {
      clocks.push(t.clock);
      const index = k === n - 1 ? 2 ** 32 + 5 : 10 + k;
      expect(graph.record(t, 0, 1000 + k, 1000 + k, MODE_EXCLUSIVE, index, index * 10, undefined)).toBe(k);
      fork(t, createTaskSlot(100 + k, 100 + k, undefined));
    }
    for (const v of [0, 1, n - 2, n - 1]) {
      expect([graph.task(v), graph.clock(v) === clocks[v], graph.heldIndex(v), graph.to(v)]).toEqual([t.id, true, 3, 1000 + v]);
    }
    expect([graph.reqIndex(0), graph.reqIndex(n - 2), graph.reqIndex(n - 1), graph.reqTs(n - 1)]).toEqual([10, 10 + n - 2, 2 ** 32 + 5, (2 ** 32 + 5) * 10]);
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
    const gates = (v: number) => Array.from({ length: graph.gateCount(v) }, (_, i) => graph.gateAt(v, i));
    expect([gates(gated), gates(free)]).toEqual([[g], []]);
    expect([graph.hasGate(gated, g), graph.hasGate(free, g)]).toEqual([true, false]);
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
  it.each([
    ['the edge with one more gate held', [7, 8], [], MODE_EXCLUSIVE, false],
    ['the edge with its gate held only SHARED', [7], [7], MODE_EXCLUSIVE, true],
    ['another requested mode', [7], [], MODE_SHARED, true],
  ] as [string, number[], number[], number, boolean][])('after a variant with gate 7, makes a new one of %s: %s', (_what, gates, shared, reqMode, isNew) => {
    const locks = createLockTable(false);
    const state = createLockState(locks);
    const [a, b] = ['a', 'b'].map((n) => locks.synthetic({ cls: n, lock: n, subclass: 0 }));
    const keys = [7, 8].map((n) => locks.synthetic({ cls: `g${n}`, lock: `g${n}`, subclass: 0 }));
    const gate = (n: number) => keys[n - 7];
    const graph = createOrderGraph(true);
    const t = state.tasks.get(1);
    state.grant(t, gate(7), MODE_EXCLUSIVE, 0, 0, undefined);
    state.grant(t, a, MODE_EXCLUSIVE, 1, 0, undefined);
    expect(graph.record(t, 1, b, b, MODE_EXCLUSIVE, 2, 0, undefined)).toBe(0);
    state.releaseAll(t);
    for (const n of gates) state.grant(t, gate(n), shared.includes(n) ? MODE_SHARED : MODE_EXCLUSIVE, 3, 0, undefined);
    state.grant(t, a, MODE_EXCLUSIVE, 4, 0, undefined);
    expect(graph.record(t, t.heldInstance.indexOf(a), b, b, reqMode, 5, 0, undefined) !== NONE).toBe(isNew);
  });

  it('keeps every pair apart, in order, as its tables grow, and lists the pairs out of a key in order', () => {
    const { state, graph } = setup(false);
    for (let n = 3; n < 60; n++) state.locks.synthetic({ cls: `l${n}`, lock: `l${n}`, subclass: 0 });
    const t = state.tasks.get(1);
    for (let from = 0; from < 60; from++) {
      state.releaseAll(t);
      state.grant(t, from, MODE_EXCLUSIVE, from, from, undefined);
      for (let to = 0; to < 60; to++) if (to !== from && (from + to) % 3 === 0) graph.record(t, 0, to, to, MODE_EXCLUSIVE, to, to, undefined);
    }
    expect(graph.pairCount).toBe(graph.variantCount);
    for (let v = 0; v < graph.variantCount; v++) expect((graph.from(v) + graph.to(v)) % 3).toBe(0);
    const outs: number[] = [];
    for (let p = graph.firstOut(3); p !== NONE; p = graph.nextOut(p)) outs.push(graph.pairTo(p));
    expect(outs).toEqual([0, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57]);
  });

  it('keeps an instance apart from its key where they differ (lockdep classes)', () => {
    const locks = createLockTable(true);
    const state = createLockState(locks);
    const op = (lock: bigint, cls: string) => ({ op: 'ACQUIRE' as const, lock, cls, mode: 'EXCLUSIVE' as const, try: false, subclass: 0, name: undefined });
    const [a1, b1, a2] = [op(1n, 'A'), op(2n, 'B'), op(3n, 'A')].map((o) => locks.instanceOf(o));
    const graph = createOrderGraph(false);
    const t = state.tasks.get(1);
    state.grant(t, a1, MODE_EXCLUSIVE, 0, 0, undefined);
    const v = graph.record(t, 0, locks.keyOf(b1), b1, MODE_EXCLUSIVE, 1, 0, undefined);
    state.releaseAll(t);
    state.grant(t, b1, MODE_EXCLUSIVE, 2, 0, undefined);
    const w = graph.record(t, 0, locks.keyOf(a2), a2, MODE_EXCLUSIVE, 3, 0, undefined);
    expect([graph.fromInstance(v), graph.toInstance(v), graph.fromInstance(w), graph.toInstance(w)]).toEqual([a1, b1, b1, a2]);
    expect([graph.from(w), graph.to(w)]).toEqual([locks.keyOf(b1), locks.keyOf(a1)]);
  });
});

type Rec = ReturnType<typeof setup> & { t: TaskSlot };
