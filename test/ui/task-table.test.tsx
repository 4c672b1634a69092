import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { TaskTable, sortTasks } from '../../src/ui/task-table.js';
import { aTask, pagecache } from '../helpers/ui-builders.js';
import { frameLines } from '../helpers/ui-frames.js';

const idle = aTask(100, 'idle', []);
const holderOfOne = aTask(101, 'kworker/0:1', [pagecache(20, 'ADD')]);
const holderOfTwo = aTask(102, 'fsstress', [pagecache(21, 'BLOCK'), { lock: '8:1:21', cls: 'i_rwsem', mode: 'SHARED' }]);
const waiter = aTask(103, 'ab', [pagecache(12, 'BLOCK')], pagecache(13, 'ADD'));
const waiterHoldingNothing = aTask(99, 'ba', [], pagecache(12, 'ADD'));

describe('sortTasks', () => {
  it('puts waiting tasks first, then the ones holding most, then by tid', () => {
    const sorted = sortTasks([idle, holderOfOne, waiterHoldingNothing, holderOfTwo, waiter]);
    expect(sorted.map((t) => t.tid)).toEqual([103, 99, 102, 101, 100]);
  });
});

describe('TaskTable', () => {
  const tasks = [idle, holderOfOne, holderOfTwo, waiter, waiterHoldingNothing];

  it('lists tid, comm, held locks with their mode and the lock waited for', () => {
    const lines = frameLines(render(<TaskTable tasks={tasks} width={100} rows={10} offset={0} />).lastFrame());
    expect(lines[0]).toMatch(/^\s+TID COMM\s+HELD\s+WAITING FOR$/);
    expect(lines[1]).toMatch(/^\s+103 ab\s+pagecache\(254:0:12\) block\s+pagecache\(254:0:13\) add$/);
    expect(lines[2]).toMatch(/^\s+99 ba\s+-\s+pagecache\(254:0:12\) add$/);
    expect(lines[3]).toMatch(/^\s+102 fsstress\s+pagecache\(254:0:21\) block, i_rwsem\(8:1:21\) shared\s+-$/);
    expect(lines[4]).toMatch(/^\s+101 kworker\/0:1\s+pagecache\(254:0:20\) add\s+-$/);
    expect(lines[5]).toMatch(/^\s+100 idle\s+-\s+-$/);
  });

  it('shows a window of rows from the offset, and where it is', () => {
    const lines = frameLines(render(<TaskTable tasks={tasks} width={100} rows={4} offset={2} />).lastFrame());
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^\s+102 fsstress/);
    expect(lines[2]).toMatch(/^\s+101 kworker/);
    expect(lines[3]).toBe('tasks 3–4 of 5 (pgup/pgdn)');
  });

  it('does not scroll past the last task', () => {
    const lines = frameLines(render(<TaskTable tasks={tasks} width={100} rows={4} offset={50} />).lastFrame());
    expect(lines[1]).toMatch(/^\s+101 kworker/);
    expect(lines[2]).toMatch(/^\s+100 idle/);
    expect(lines[3]).toBe('tasks 4–5 of 5 (pgup/pgdn)');
  });

  it.each([30, 44, 60])('cuts every line to a width of %i', (width) => {
    const lines = frameLines(render(<TaskTable tasks={tasks} width={width} rows={10} offset={0} />).lastFrame());
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(width);
    expect(lines.some((line) => line.endsWith('…'))).toBe(true);
  });

  it('says so when no task holds a lock', () => {
    expect(render(<TaskTable tasks={[]} width={80} rows={5} offset={0} />).lastFrame()).toContain('no tasks hold or wait for a lock');
  });
});
