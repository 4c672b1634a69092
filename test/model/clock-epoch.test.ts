import { describe, expect, it } from 'vitest';
import { createClockEpochs } from '../../src/model/clock-epoch.js';
import { createTaskSlot } from '../../src/model/task-slot.js';
import { fork, join } from '../../src/model/vector-clock.js';

describe('clock epochs', () => {
  it('give a task the same epoch until its clock changes at a fork or join, and tasks their own', () => {
    const epoch = createClockEpochs();
    const parent = createTaskSlot(0, 100, undefined);
    const child = createTaskSlot(1, 101, undefined);
    const first = epoch(parent);
    expect(first).toBeGreaterThan(0);
    expect(epoch(parent)).toBe(first);
    expect(epoch(child)).not.toBe(first);
    fork(parent, child);
    const afterFork = epoch(parent);
    expect(afterFork).not.toBe(first);
    join(parent, child);
    expect(epoch(parent)).not.toBe(afterFork);
  });
});
