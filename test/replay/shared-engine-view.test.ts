import { describe, expect, it } from 'vitest';
import { createEngines } from '../../src/replay/replay-options.js';
import { createSharedEngineView } from '../../src/replay/shared-engine-view.js';
import { lockEvent, taskEvent, timed } from '../helpers/trace-builders.js';

// Task 1 takes lock 1 twice: an AA finding.
const AA = timed([taskEvent(1, 0, 't'), lockEvent(1, 'ACQUIRE', 1n), lockEvent(1, 'ACQUIRE', 1n)]);

describe('createSharedEngineView', () => {
  it('reads the shared engine under its own policy name, the same list while nothing changes', () => {
    const [shared] = createEngines({ policies: ['naive'], semantics: 'instance' });
    const view = createSharedEngineView('fdm', shared);
    shared.push(AA);
    expect(view.events).toBe(3);
    expect(view.findings().map((f) => [f.kind, f.policy])).toEqual([['aa', 'fdm']]);
    expect(shared.findings()[0].policy).toBe('naive');
    expect(view.findings()).toBe(view.findings());
    expect(view.findings().map((f) => ({ ...f, policy: 'naive' }))).toEqual(shared.findings());
  });

  it('reads its own engine, unchanged, once it has become it', () => {
    const [shared, own] = createEngines({ policies: ['naive', 'fdm'], semantics: 'instance' });
    const view = createSharedEngineView('fdm', shared);
    shared.push(AA);
    own.push(AA.slice(0, 2));
    view.become(own);
    expect(view.events).toBe(2);
    expect(view.findings()).toBe(own.findings());
    expect(view.notes()).toEqual(own.notes());
  });
});
