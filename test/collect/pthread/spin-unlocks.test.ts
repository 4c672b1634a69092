import { describe, expect, it } from 'vitest';
import { createSpinUnlocks } from '../../../src/collect/pthread/spin-unlocks.js';
import type { LockOpKind, LockType, TraceEvent } from '../../../src/trace/event.js';

// "TID OP LOCK[ TYPE]" -> a lock event; OP "ACQUIRE try" is a successful trylock.
function lockEvent(line: string, ts: number): TraceEvent {
  const [tid, op, lock, type] = line.split(' ');
  return {
    ts, tid: Number(tid), pid: 1, cpu: 0, kind: 'lock',
    lock: { op: op as LockOpKind, lock: BigInt(lock), cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0, ...(type === undefined ? {} : { type: type as LockType }) },
  };
}

const resolved = (lines: string[]): string[] => {
  const unlocks = createSpinUnlocks();
  return lines.map((line, i) => {
    const e = unlocks.resolve(lockEvent(line, i));
    return e.kind === 'lock' ? `${e.tid} ${e.lock.op} ${e.lock.lock}` : e.kind;
  });
};

describe('createSpinUnlocks', () => {
  it.each([
    { name: 'a spin unlock of a lock not held is its init', lines: ['5 RELEASE 40 SPINLOCK'], ops: ['5 INIT 40'] },
    { name: 'a spin unlock after the lock was taken is a release', lines: ['5 ACQUIRE 40', '5 RELEASE 40 SPINLOCK', '5 RELEASE 40 SPINLOCK'],
      ops: ['5 ACQUIRE 40', '5 RELEASE 40', '5 INIT 40'] },
    { name: 'a lock held by another task does not make it a release', lines: ['6 ACQUIRE 40', '5 RELEASE 40 SPINLOCK'], ops: ['6 ACQUIRE 40', '5 INIT 40'] },
    { name: 'a failed lock call holds nothing', lines: ['5 ACQUIRE 40', '5 FAILED 40', '5 RELEASE 40 SPINLOCK'], ops: ['5 ACQUIRE 40', '5 FAILED 40', '5 INIT 40'] },
    { name: 'other releases pass unchanged, held or not', lines: ['5 RELEASE 50', '5 ACQUIRE 50', '5 RELEASE 50'], ops: ['5 RELEASE 50', '5 ACQUIRE 50', '5 RELEASE 50'] },
  ])('$name', ({ lines, ops }) => {
    expect(resolved(lines)).toEqual(ops);
  });

  it('keeps the event as it was but for the op', () => {
    const event = lockEvent('5 RELEASE 40 SPINLOCK', 7);
    const { lock, ...rest } = event as Extract<TraceEvent, { kind: 'lock' }>;
    expect(createSpinUnlocks().resolve(event)).toEqual({ ...rest, lock: { ...lock, op: 'INIT' } });
  });

  it('passes other kinds of events unchanged', () => {
    const exit: TraceEvent = { ts: 1, tid: 5, pid: 5, cpu: 0, kind: 'exit', exit: {} };
    expect(createSpinUnlocks().resolve(exit)).toBe(exit);
  });
});
