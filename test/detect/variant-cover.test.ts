import { beforeEach, describe, expect, it } from 'vitest';
import { CLOSED, COVERED, createVariantCover, UNCOVERED } from '../../src/detect/variant-cover.js';
import { MODE_EXCLUSIVE, MODE_SHARED } from '../../src/model/mode-code.js';
import { createTaskSlot, type TaskSlot } from '../../src/model/task-slot.js';
import { fork } from '../../src/model/vector-clock.js';

// Tasks by id, each one slot (its clock stays the same array until a fork or join).
const slots = new Map<number, TaskSlot>();

// Task `id` now holding `keys` (EXCLUSIVE unless listed in `shared`).
function holding(id: number, keys: number[], shared: number[] = []): TaskSlot {
  const task = slots.get(id) ?? createTaskSlot(id, 100 + id, undefined);
  slots.set(id, task);
  task.heldKey.length = 0;
  task.heldInstance.length = 0;
  task.heldMode.length = 0;
  for (const key of keys) {
    task.heldKey.push(key);
    task.heldInstance.push(key);
    task.heldMode.push(shared.includes(key) ? MODE_SHARED : MODE_EXCLUSIVE);
  }
  return task;
}

const FROM = 1;
const TO = 2;

describe('variant cover', () => {
  beforeEach(() => slots.clear());

  it('covers nothing before a variant is added', () => {
    const cover = createVariantCover(true);
    expect(cover.lookup(FROM, TO, holding(0, [FROM]), MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(UNCOVERED);
  });

  it.each([
    ['the same edge again', () => holding(0, [FROM, 7]), MODE_EXCLUSIVE, true],
    ['the edge with one more gate held', () => holding(0, [FROM, 7, 8]), MODE_EXCLUSIVE, true],
    ['the edge with its gate no longer held', () => holding(0, [FROM]), MODE_EXCLUSIVE, false],
    ['the edge with its gate held only SHARED', () => holding(0, [FROM, 7], [7]), MODE_EXCLUSIVE, false],
    ['another requested mode', () => holding(0, [FROM, 7]), MODE_SHARED, false],
    ['another task', () => holding(1, [FROM, 7]), MODE_EXCLUSIVE, false],
  ] as [string, () => TaskSlot, number, boolean][])('a variant with gate 7 covers %s: %s', (_what, make, reqMode, expected) => {
    const cover = createVariantCover(true);
    cover.add(0, FROM, TO, holding(0, [FROM, 7]), MODE_EXCLUSIVE, MODE_EXCLUSIVE, [7]);
    expect(cover.lookup(FROM, TO, make(), MODE_EXCLUSIVE, reqMode)).toBe(expected ? COVERED : UNCOVERED);
  });

  it('stops covering once the task\'s fork/join clock changes (thread-aware only)', () => {
    for (const threadAware of [true, false]) {
      const cover = createVariantCover(threadAware);
      const task = holding(0, [FROM]);
      cover.add(0, FROM, TO, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE, []);
      fork(task, createTaskSlot(1, 101, undefined));
      expect(cover.lookup(FROM, TO, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(threadAware ? UNCOVERED : COVERED);
    }
  });

  it('finds an older variant behind newer ones of the same task and pair, and none of another pair', () => {
    const cover = createVariantCover(true);
    const task = holding(0, [FROM, 7]);
    cover.add(0, FROM, TO, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE, [7]);
    for (let v = 1; v < 2000; v++) cover.add(v, FROM, TO, task, MODE_EXCLUSIVE, MODE_SHARED, [7, 9]);
    expect(cover.lookup(FROM, TO, holding(0, [FROM, 7]), MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(COVERED);
    expect(cover.lookup(FROM, TO + 1, holding(0, [FROM, 7]), MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(UNCOVERED);
    expect(cover.lookup(TO, FROM, holding(0, [TO, 7]), MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(UNCOVERED);
  });

  it('keeps every pair of every task apart as its table grows', () => {
    const cover = createVariantCover(false);
    const tasks = [0, 1, 2].map((id) => holding(id, []));
    let v = 0;
    for (let from = 0; from < 40; from++) {
      for (let to = 0; to < 40; to++) {
        if ((from + to) % 3 === 0) cover.add(v++, from, to, tasks[(from * to) % 3], MODE_EXCLUSIVE, MODE_EXCLUSIVE, []);
      }
    }
    for (let from = 0; from < 40; from++) {
      for (let to = 0; to < 40; to++) {
        for (const task of tasks) {
          const added = (from + to) % 3 === 0 && task.id === (from * to) % 3;
          expect(cover.lookup(from, to, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(added ? COVERED : UNCOVERED);
        }
      }
    }
  });

  it('answers CLOSED for a closed pair and task only, covered or not, and takes no variant there', () => {
    const cover = createVariantCover(true);
    const task = holding(0, [FROM]);
    cover.add(0, FROM, TO, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE, []);
    cover.close(FROM, TO, task.id);
    cover.close(FROM, TO + 1, task.id);
    cover.add(1, FROM, TO + 1, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE, []);
    expect(cover.lookup(FROM, TO, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(CLOSED);
    expect(cover.lookup(FROM, TO + 1, task, MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(CLOSED);
    expect(cover.lookup(FROM, TO, holding(1, [FROM]), MODE_EXCLUSIVE, MODE_EXCLUSIVE)).toBe(UNCOVERED);
  });
});
