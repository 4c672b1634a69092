import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { followNewThreads, threadsOf } from '../../../src/collect/proc/process-threads.js';

// A fake /proc with processes and their task directories.
function procWith(tasks: Record<number, number[]>): string {
  const root = mkdtempSync(join(tmpdir(), 'faultline-proc-'));
  for (const [pid, tids] of Object.entries(tasks)) for (const tid of tids) mkdirSync(join(root, pid, 'task', String(tid)), { recursive: true });
  return root;
}

describe('threadsOf', () => {
  it('lists every thread of every process, and none of one that is gone', () => {
    expect(threadsOf([10, 20, 30], procWith({ 10: [10, 11, 12], 20: [20] })).sort((a, b) => a - b)).toEqual([10, 11, 12, 20]);
  });
});

describe('followNewThreads', () => {
  it('appends the threads created after the first read, and nothing when there are none', async () => {
    const root = procWith({ 10: [10, 11] });
    const instance = mkdtempSync(join(tmpdir(), 'faultline-instance-'));
    writeFileSync(join(instance, 'set_event_pid'), '10 11');
    expect(await followNewThreads(instance, [10], [10, 11], root)).toEqual([]);
    expect(readFileSync(join(instance, 'set_event_pid'), 'utf8')).toBe('10 11');
    mkdirSync(join(root, '10', 'task', '12'));
    mkdirSync(join(root, '10', 'task', '13'));
    expect((await followNewThreads(instance, [10], [10, 11], root)).sort()).toEqual([12, 13]);
    expect(readFileSync(join(instance, 'set_event_pid'), 'utf8')).toMatch(/^10 11(12 13|13 12)$/);
  });
});
