import { describe, expect, it } from 'vitest';
import { createRecentFaults } from '../../src/policy/recent-faults.js';

describe('recent faults', () => {
  it.each([
    ['the same page', 1, 8, 5, 0, true],
    ['a large folio holding the page', 1, 8, 4, 2, true],
    ['a folio ending before the page', 1, 8, 0, 2, false],
    ['another page', 1, 8, 6, 0, false],
    ['the same page of another file', 1, 9, 5, 0, false],
    ['the same page, added by another task', 2, 8, 5, 0, false],
  ])('absorbs an add of %s: %s', (_what, tid, ino, index, order, absorbed) => {
    const recent = createRecentFaults();
    recent.note(1, 7, 8, 5);
    expect(recent.absorbs(tid, 7, ino, index, order)).toBe(absorbed);
  });

  it('absorbs only one add per fault', () => {
    const recent = createRecentFaults();
    recent.note(1, 7, 8, 5);
    expect(recent.absorbs(1, 7, 8, 5, 0)).toBe(true);
    expect(recent.absorbs(1, 7, 8, 5, 0)).toBe(false);
  });

  it('forgets a task\'s fault on request', () => {
    const recent = createRecentFaults();
    recent.note(1, 7, 8, 5);
    recent.forget(1);
    expect(recent.absorbs(1, 7, 8, 5, 0)).toBe(false);
  });
});
