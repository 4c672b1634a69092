import { describe, expect, it } from 'vitest';
import { createRequestMemo } from '../../src/detect/request-memo.js';
import { createTaskSlot, type TaskSlot } from '../../src/model/task-slot.js';
import { fork } from '../../src/model/vector-clock.js';

function task(id: number, chainLo: number, chainHi: number): TaskSlot {
  const slot = createTaskSlot(id, 100 + id, undefined);
  slot.heldChainLo = chainLo;
  slot.heldChainHi = chainHi;
  return slot;
}

describe('the request memo', () => {
  it('answers false the first time a request is seen and true after', () => {
    const memo = createRequestMemo();
    const t = task(0, 7, 9);
    expect(memo.seen(t, 3, 0)).toBe(false);
    expect(memo.seen(t, 3, 0)).toBe(true);
  });

  it.each([
    ['another requested key', (t: TaskSlot) => [t, 4, 0]],
    ['another mode', (t: TaskSlot) => [t, 3, 1]],
    ['another held chain (low half)', () => [task(0, 8, 9), 3, 0]],
    ['another held chain (high half)', () => [task(0, 7, 10), 3, 0]],
    ['another task with the same chain', () => [task(1, 7, 9), 3, 0]],
  ] as [string, (t: TaskSlot) => [TaskSlot, number, number]][])('tells apart %s', (_name, other) => {
    const memo = createRequestMemo();
    const t = task(0, 7, 9);
    memo.seen(t, 3, 0);
    const [t2, key, mode] = other(t);
    expect(memo.seen(t2, key, mode)).toBe(false);
  });

  it('forgets a task\'s requests once its fork/join clock changes', () => {
    const memo = createRequestMemo();
    const parent = task(0, 7, 9);
    memo.seen(parent, 3, 0);
    fork(parent, task(1, 0, 0));
    expect(memo.seen(parent, 3, 0)).toBe(false);
    expect(memo.seen(parent, 3, 0)).toBe(true);
  });

  it('keeps many requests at once', () => {
    const memo = createRequestMemo();
    const t = task(0, 1, 2);
    const keys = 4_000;
    for (let key = 0; key < keys; key++) memo.seen(t, key, 0);
    let kept = 0;
    for (let key = 0; key < keys; key++) if (memo.seen(t, key, 0)) kept++;
    // Direct-mapped: a few collide, most are kept.
    expect(kept).toBeGreaterThan(0.9 * keys);
  });

  it('gives a slot to the newer of two requests that share it', () => {
    const memo = createRequestMemo(1);
    const t = task(0, 1, 2);
    expect(memo.seen(t, 1, 0)).toBe(false);
    expect(memo.seen(t, 1, 0)).toBe(true);
    expect(memo.seen(t, 2, 0)).toBe(false);
    expect(memo.seen(t, 1, 0)).toBe(false);
    expect(memo.seen(t, 1, 0)).toBe(true);
  });
});
