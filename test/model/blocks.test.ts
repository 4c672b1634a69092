import { describe, expect, it } from 'vitest';
import { blocks, blocksCode } from '../../src/model/blocks.js';
import { modeCode } from '../../src/model/mode-code.js';
import { LOCK_MODES, type LockMode } from '../../src/trace/event.js';

// [requested, held, waits]
const TABLE: readonly [LockMode, LockMode, boolean][] = [
  ['EXCLUSIVE', 'EXCLUSIVE', true],
  ['EXCLUSIVE', 'SHARED', true],
  ['EXCLUSIVE', 'SHARED_RECURSIVE', true],
  ['EXCLUSIVE', 'ADD', true],
  ['EXCLUSIVE', 'BLOCK', true],
  ['SHARED', 'EXCLUSIVE', true],
  ['SHARED', 'SHARED', true],
  ['SHARED', 'SHARED_RECURSIVE', false],
  ['SHARED', 'ADD', true],
  ['SHARED', 'BLOCK', true],
  ['SHARED_RECURSIVE', 'EXCLUSIVE', true],
  ['SHARED_RECURSIVE', 'SHARED', false],
  ['SHARED_RECURSIVE', 'SHARED_RECURSIVE', false],
  ['SHARED_RECURSIVE', 'ADD', true],
  ['SHARED_RECURSIVE', 'BLOCK', true],
  ['ADD', 'EXCLUSIVE', true],
  ['ADD', 'SHARED', true],
  ['ADD', 'SHARED_RECURSIVE', true],
  ['ADD', 'ADD', false],
  ['ADD', 'BLOCK', true],
  ['BLOCK', 'EXCLUSIVE', true],
  ['BLOCK', 'SHARED', true],
  ['BLOCK', 'SHARED_RECURSIVE', true],
  ['BLOCK', 'ADD', true],
  ['BLOCK', 'BLOCK', false],
];

describe('blocks', () => {
  it('has one row per pair of modes', () => {
    expect(new Set(TABLE.map(([r, h]) => `${r}/${h}`)).size).toBe(LOCK_MODES.length ** 2);
  });

  it.each(TABLE)('a %s request against a %s holder waits: %s', (requested, held, waits) => {
    expect(blocks(requested, held)).toBe(waits);
  });

  it.each(TABLE)('the mode-code table agrees for %s against %s', (requested, held, waits) => {
    expect(blocksCode(modeCode(requested), modeCode(held))).toBe(waits);
  });
});
