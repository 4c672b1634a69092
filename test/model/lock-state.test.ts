import { describe, expect, it } from 'vitest';
import { createLockState } from '../../src/model/lock-state.js';
import { createLockTable } from '../../src/model/lock-table.js';
import { modeCode } from '../../src/model/mode-code.js';
import { HELD_SCAN_MAX, heldKeyPosition, heldPosition, holdsKeyExclusive } from '../../src/model/task-slot.js';
import type { LockMode } from '../../src/trace/event.js';

function setup() {
  const locks = createLockTable(false);
  const state = createLockState(locks);
  const lock = locks.synthetic({ cls: 'pagecache', lock: '8:1:5', subclass: 0 });
  return { state, lock, t1: state.tasks.get(1), t2: state.tasks.get(2) };
}

describe('lock-state model', () => {
  it.each([
    ['EXCLUSIVE', 'SHARED', true],
    ['SHARED_RECURSIVE', 'SHARED_RECURSIVE', false],
    ['BLOCK', 'ADD', true],
    ['ADD', 'ADD', false],
  ] as [LockMode, LockMode, boolean][])('a %s holder makes a %s request of another task wait: %s', (held, requested, waits) => {
    const { state, lock, t1, t2 } = setup();
    state.grant(t1, lock, modeCode(held), 0, 0, undefined);
    expect(state.firstBlocker(t2, lock, modeCode(requested)) === t1).toBe(waits);
  });

  it('never makes a task wait on its own hold', () => {
    const { state, lock, t1 } = setup();
    state.grant(t1, lock, modeCode('EXCLUSIVE'), 0, 0, undefined);
    expect(state.firstBlocker(t1, lock, modeCode('EXCLUSIVE'))).toBeUndefined();
  });

  it('counts recursive holds and frees the lock at the last release', () => {
    const { state, lock, t1, t2 } = setup();
    state.grant(t1, lock, modeCode('EXCLUSIVE'), 0, 0, undefined);
    state.grant(t1, lock, modeCode('EXCLUSIVE'), 1, 0, undefined);
    expect(state.release(t1, lock)).toBe(true);
    expect(state.firstBlocker(t2, lock, modeCode('EXCLUSIVE'))).toBe(t1);
    expect(state.release(t1, lock)).toBe(true);
    expect(state.firstBlocker(t2, lock, modeCode('EXCLUSIVE'))).toBeUndefined();
    expect(state.release(t1, lock)).toBe(false);
  });

  it('keeps the other holds in acquisition order when a middle one is released', () => {
    const locks = createLockTable(false);
    const state = createLockState(locks);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => locks.synthetic({ cls: n, lock: n, subclass: 0 }));
    const t = state.tasks.get(9);
    [a, b, c].forEach((l, i) => state.grant(t, l, 0, i, i * 10, undefined));
    state.release(t, b);
    expect([t.heldInstance, t.heldIndex, t.heldTs]).toEqual([[a, c], [0, 2], [0, 20]]);
  });

  it('lists a lock\'s holders in the order they came, the last moving into a released one\'s place', () => {
    const { state, lock } = setup();
    const [t1, t2, t3, t4] = [1, 2, 3, 4].map((tid) => state.tasks.get(tid));
    const shared = modeCode('SHARED');
    expect(state.holdersOf(lock)).toEqual([]);
    state.grant(t1, lock, shared, 0, 0, undefined);
    expect(state.holdersOf(lock)).toEqual([t1.id]);
    [t2, t3, t4].forEach((t, i) => state.grant(t, lock, shared, i + 1, 0, undefined));
    expect(state.holdersOf(lock)).toEqual([t1.id, t2.id, t3.id, t4.id]);
    state.release(t2, lock);
    expect(state.holdersOf(lock)).toEqual([t1.id, t4.id, t3.id]);
    state.release(t1, lock);
    state.release(t3, lock);
    expect(state.holdersOf(lock)).toEqual([t4.id]);
    expect(state.firstBlocker(t1, lock, modeCode('EXCLUSIVE'))).toBe(t4);
    state.grant(t2, lock, shared, 5, 0, undefined);
    expect(state.holdersOf(lock)).toEqual([t4.id, t2.id]);
    state.releaseAll(t4);
    state.release(t2, lock);
    expect(state.holdersOf(lock)).toEqual([]);
    expect(state.firstBlocker(t1, lock, modeCode('EXCLUSIVE'))).toBeUndefined();
  });

  it('releases everything an exiting task holds', () => {
    const { state, lock, t1, t2 } = setup();
    state.grant(t1, lock, modeCode('EXCLUSIVE'), 0, 0, undefined);
    state.releaseAll(t1);
    expect(state.firstBlocker(t2, lock, modeCode('EXCLUSIVE'))).toBeUndefined();
    expect(t1.heldInstance).toEqual([]);
  });

  it('finds the locks of a task holding more than HELD_SCAN_MAX through its held index, as they come and go', () => {
    const locks = createLockTable(false);
    const state = createLockState(locks);
    const ids = Array.from({ length: HELD_SCAN_MAX + 8 }, (_, i) => locks.synthetic({ cls: `l${i}`, lock: `l${i}`, subclass: 0 }));
    const t = state.tasks.get(1);
    ids.forEach((id, i) => state.grant(t, id, modeCode(i % 2 === 0 ? 'EXCLUSIVE' : 'SHARED'), i, i, undefined));
    // Released: the last one, then one in the middle (the positions after it move).
    state.release(t, ids[ids.length - 1]);
    state.release(t, ids[3]);
    const positions = () => ids.map((id) => [heldPosition(t, id), heldKeyPosition(t, locks.keyOf(id))]);
    const scanned = ids.map((id) => {
      const at = t.heldInstance.indexOf(id);
      return [at, at];
    });
    expect(t.heldAt).toBeDefined();
    expect(positions()).toEqual(scanned);
    expect([holdsKeyExclusive(t, locks.keyOf(ids[4])), holdsKeyExclusive(t, locks.keyOf(ids[5])), holdsKeyExclusive(t, locks.keyOf(ids[3]))]).toEqual([true, false, false]);
    // Back to a few: a scan again.
    for (const id of ids.slice(4)) state.release(t, id);
    expect([t.heldAt, heldPosition(t, ids[2]), heldPosition(t, ids[10])]).toEqual([undefined, 2, -1]);
  });
});
