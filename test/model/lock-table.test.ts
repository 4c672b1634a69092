import { describe, expect, it } from 'vitest';
import { createLockTable } from '../../src/model/lock-table.js';
import type { LockOp } from '../../src/trace/event.js';

function op(lock: bigint, cls = '', subclass = 0, name?: string): LockOp {
  return { op: 'ACQUIRE', lock, cls, mode: 'EXCLUSIVE', try: false, subclass, ...(name ? { name } : {}) };
}

describe('lock table', () => {
  it('interns a 64-bit instance to one dense id and names it in decimal, exactly', () => {
    const locks = createLockTable(false);
    const id = locks.instanceOf(op(0xffff_8881_2345_6789n));
    expect(locks.instanceOf(op(0xffff_8881_2345_6789n))).toBe(id);
    expect(locks.lockName(id)).toBe('18446612686956750729');
    expect(locks.instanceOf(op(0xffff_8881_2345_6788n))).not.toBe(id);
  });

  it('defaults the class to the instance and keeps a symbol name', () => {
    const locks = createLockTable(false);
    const a = locks.instanceOf(op(7n));
    const b = locks.instanceOf(op(8n, 'i_rwsem', 0, 'inode_lock'));
    expect([locks.cls(a), locks.cls(b), locks.symbol(b)]).toEqual(['7', 'i_rwsem', 'inode_lock']);
  });

  it.each([
    [false, 'keys each instance apart', [0, 1, 2]],
    [true, 'keys instances of one class and subclass together (lockdep)', [0, 0, 1]],
  ])('with classKeys %s %s', (classKeys, _what, keys) => {
    const locks = createLockTable(classKeys);
    const ids = [locks.instanceOf(op(1n, 'X')), locks.instanceOf(op(2n, 'X')), locks.instanceOf(op(3n, 'X', 1))];
    expect(ids.map((id) => locks.keyOf(id))).toEqual(keys);
    expect(locks.classLabel(ids[2])).toBe('X/1');
  });

  it('interns synthetic locks by class and instance name, apart from LockOp locks', () => {
    const locks = createLockTable(false);
    const pc = locks.synthetic({ cls: 'pagecache', lock: '254:0:12', subclass: 0 });
    expect(locks.synthetic({ cls: 'pagecache', lock: '254:0:12', subclass: 0 })).toBe(pc);
    expect(locks.synthetic({ cls: 'i_rwsem', lock: '254:0:12', subclass: 0 })).not.toBe(pc);
    expect([locks.lockName(pc), locks.cls(pc)]).toEqual(['254:0:12', 'pagecache']);
  });
});
