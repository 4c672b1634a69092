import { describe, expect, it } from 'vitest';
import { createFileOpStack } from '../../src/policy/file-op-stack.js';
import { A, B, fileOp } from '../helpers/policy-events.js';
import { createRecordingSink } from '../helpers/policy-recording-sink.js';
import type { FileOp } from '../../src/trace/event.js';

const op = (e: ReturnType<typeof fileOp>): FileOp => {
  if (e.kind !== 'fileOp') throw new Error('not a fileOp');
  return e.fileOp;
};

describe('file-op stack', () => {
  it('nests operations and closes the matching one, releasing what it held', () => {
    const sink = createRecordingSink();
    const lockA = sink.lockId({ lock: 'a', cls: 'x', subclass: 0 });
    const lockB = sink.lockId({ lock: 'b', cls: 'x', subclass: 0 });
    const stack = createFileOpStack();
    stack.open(1, op(fileOp(1, 'BUFFERED_READ', 'BEGIN', A))).held.push(lockA);
    stack.open(1, op(fileOp(1, 'TRUNCATE', 'BEGIN', B))).held.push(lockB);
    expect(stack.innermostBuffered(1)?.op).toBe('BUFFERED_READ');
    expect(stack.close(sink, 1, op(fileOp(1, 'BUFFERED_READ', 'END', A)))).toBe(true);
    expect(stack.innermostBuffered(1)).toBeUndefined();
    expect(sink.steps).toEqual([{ kind: 'release', tid: 1, lock: lockA, held: false }]);
    expect(stack.close(sink, 1, op(fileOp(1, 'TRUNCATE', 'END', B)))).toBe(true);
    expect(stack.close(sink, 1, op(fileOp(1, 'TRUNCATE', 'END', B)))).toBe(false);
  });

  it('reuses a closed frame with an empty held list', () => {
    const sink = createRecordingSink();
    const stack = createFileOpStack();
    const first = stack.open(1, op(fileOp(1, 'READAHEAD', 'BEGIN', A)));
    first.held.push(3);
    stack.close(sink, 1, op(fileOp(1, 'READAHEAD', 'END', A)));
    const second = stack.open(1, op(fileOp(1, 'BUFFERED_WRITE', 'BEGIN', B)));
    expect(second).toBe(first);
    expect(second.held).toEqual([]);
    expect(second.op).toBe('BUFFERED_WRITE');
  });

  it('closes every open frame of a task at a loss (of every task with tid 0), and ignores their ENDs after', () => {
    const sink = createRecordingSink();
    const stack = createFileOpStack();
    stack.open(1, op(fileOp(1, 'BUFFERED_READ', 'BEGIN', A))).held.push(1);
    stack.open(1, op(fileOp(1, 'TRUNCATE', 'BEGIN', B))).held.push(2, 3);
    stack.open(2, op(fileOp(2, 'BUFFERED_WRITE', 'BEGIN', A))).held.push(4);
    expect(stack.closeAll(sink, 1)).toBe(3);
    expect(sink.steps.map((s) => s.kind === 'release' && [s.tid, s.lock])).toEqual([[1, 3], [1, 2], [1, 1]]);
    expect(stack.close(sink, 1, op(fileOp(1, 'TRUNCATE', 'END', B)))).toBe(false);
    expect(stack.innermostBuffered(2)?.op).toBe('BUFFERED_WRITE');
    expect(stack.closeAll(sink, 0)).toBe(1);
    expect(stack.innermostBuffered(2)).toBeUndefined();
    expect(stack.closeAll(sink, 0)).toBe(0);
  });

  it('keeps the frames of the operation it is told to keep, in order, open', () => {
    const sink = createRecordingSink();
    const stack = createFileOpStack();
    stack.open(1, op(fileOp(1, 'REMAP', 'BEGIN', A))).held.push(1);
    stack.open(1, op(fileOp(1, 'BUFFERED_READ', 'BEGIN', B))).held.push(2);
    expect(stack.closeAll(sink, 1, 'REMAP')).toBe(1);
    expect(stack.innermostBuffered(1)).toBeUndefined();
    expect(stack.close(sink, 1, op(fileOp(1, 'REMAP', 'END', A)))).toBe(true);
    expect(sink.steps.map((s) => s.kind === 'release' && [s.tid, s.lock])).toEqual([[1, 2], [1, 1]]);
  });

  it('ignores an END without a BEGIN', () => {
    expect(createFileOpStack().close(createRecordingSink(), 1, op(fileOp(1, 'PUNCH', 'END', A)))).toBe(false);
  });
});
