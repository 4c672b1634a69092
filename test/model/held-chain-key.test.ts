import { describe, expect, it } from 'vitest';
import { createLockState } from '../../src/model/lock-state.js';
import { createLockTable } from '../../src/model/lock-table.js';
import { modeCode } from '../../src/model/mode-code.js';

function setup() {
  const locks = createLockTable(false);
  const state = createLockState(locks);
  const lock = (ino: number) => locks.synthetic({ cls: 'pagecache', lock: `8:1:${ino}`, subclass: 0 });
  return { state, a: lock(1), b: lock(2), c: lock(3) };
}

const chain = (task: { heldChainLo: number; heldChainHi: number }) => [task.heldChainLo, task.heldChainHi];
const EX = modeCode('EXCLUSIVE');
const SH = modeCode('SHARED');

describe('the chain key of held locks', () => {
  it('is zero with nothing held and back to zero after every release', () => {
    const { state, a, b } = setup();
    const t = state.tasks.get(1);
    expect(chain(t)).toEqual([0, 0]);
    state.grant(t, a, EX, 0, 0, undefined);
    state.grant(t, b, SH, 1, 0, undefined);
    expect(chain(t)).not.toEqual([0, 0]);
    state.release(t, a);
    state.release(t, b);
    expect(chain(t)).toEqual([0, 0]);
  });

  it('depends on which locks are held, not on the order they were taken in', () => {
    const { state, a, b, c } = setup();
    const t1 = state.tasks.get(1);
    const t2 = state.tasks.get(2);
    for (const lock of [a, b, c]) state.grant(t1, lock, EX, 0, 0, undefined);
    for (const lock of [c, a, b]) state.grant(t2, lock, EX, 0, 0, undefined);
    expect(chain(t1)).toEqual(chain(t2));
    state.release(t1, b);
    expect(chain(t1)).not.toEqual(chain(t2));
    state.release(t2, b);
    expect(chain(t1)).toEqual(chain(t2));
  });

  it('tells the modes apart', () => {
    const { state, a } = setup();
    const t1 = state.tasks.get(1);
    const t2 = state.tasks.get(2);
    state.grant(t1, a, EX, 0, 0, undefined);
    state.grant(t2, a, SH, 0, 0, undefined);
    expect(chain(t1)).not.toEqual(chain(t2));
  });

  it('does not change with a recursive hold, and is cleared when the task exits', () => {
    const { state, a, b } = setup();
    const t = state.tasks.get(1);
    state.grant(t, a, EX, 0, 0, undefined);
    const once = chain(t);
    state.grant(t, a, EX, 1, 0, undefined);
    expect(chain(t)).toEqual(once);
    state.grant(t, b, EX, 2, 0, undefined);
    state.releaseAll(t);
    expect(chain(t)).toEqual([0, 0]);
  });
});
