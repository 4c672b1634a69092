import { describe, expect, it } from 'vitest';
import { createMmapLockRule } from '../../src/policy/mmap-lock-rule.js';
import type { MmapLock } from '../../src/trace/event.js';
import { createRecordingSink } from '../helpers/policy-recording-sink.js';

const MM = 0xffff_8880_0abc_d000n;
type Phase = MmapLock['phase'];
const ev = (phase: Phase, write = false, success = true): MmapLock => ({ mm: MM, write, phase, success });

describe('mmap_lock rule', () => {
  it.each([
    ['a read lock taken and released', [ev('START'), ev('ACQUIRED'), ev('RELEASED')], [`T1 +mmap_lock(1:0x${MM.toString(16)}) SHARED`, `T1 -mmap_lock(1:0x${MM.toString(16)})`]],
    ['a write lock taken and released', [ev('START', true), ev('ACQUIRED', true), ev('RELEASED', true)], [`T1 +mmap_lock(1:0x${MM.toString(16)}) EXCLUSIVE`, `T1 -mmap_lock(1:0x${MM.toString(16)})`]],
    ['a killable lock interrupted', [ev('START', true), ev('ACQUIRED', true, false)], [`T1 +mmap_lock(1:0x${MM.toString(16)}) EXCLUSIVE`, `T1 -mmap_lock(1:0x${MM.toString(16)})`]],
    ['a successful trylock', [ev('ACQUIRED'), ev('RELEASED')], [`T1 +mmap_lock(1:0x${MM.toString(16)}) SHARED try`, `T1 -mmap_lock(1:0x${MM.toString(16)})`]],
    ['a failed trylock', [ev('ACQUIRED', false, false)], []],
    ['a write lock downgraded to read (mmap_write_downgrade)', [ev('START', true), ev('ACQUIRED', true), ev('ACQUIRED'), ev('RELEASED')],
      [`T1 +mmap_lock(1:0x${MM.toString(16)}) EXCLUSIVE`, `T1 -mmap_lock(1:0x${MM.toString(16)})`, `T1 +mmap_lock(1:0x${MM.toString(16)}) SHARED try`, `T1 -mmap_lock(1:0x${MM.toString(16)})`]],
    ['a read trylock after the write lock was released', [ev('START', true), ev('ACQUIRED', true), ev('RELEASED', true), ev('ACQUIRED'), ev('RELEASED')],
      [`T1 +mmap_lock(1:0x${MM.toString(16)}) EXCLUSIVE`, `T1 -mmap_lock(1:0x${MM.toString(16)})`, `T1 +mmap_lock(1:0x${MM.toString(16)}) SHARED try`, `T1 -mmap_lock(1:0x${MM.toString(16)})`]],
  ] as const)('applies %s', (_what, events, expected) => {
    const rule = createMmapLockRule();
    const sink = createRecordingSink();
    for (const e of events) rule(sink, 1, 1, e);
    expect(sink.lines()).toEqual(expected);
  });

  it('interns the mm once, by its exact 64-bit value', () => {
    const rule = createMmapLockRule();
    const sink = createRecordingSink();
    rule(sink, 1, 1, ev('START'));
    rule(sink, 2, 1, ev('START'));
    expect(sink.lockIdCalls).toBe(1);
    expect(sink.targets).toEqual([{ lock: '1:0xffff88800abcd000', cls: 'mmap_lock', subclass: 0 }]);
  });

  it('tells apart two processes whose mm has the same address', () => {
    const rule = createMmapLockRule();
    const sink = createRecordingSink();
    rule(sink, 1, 1, ev('START'));
    rule(sink, 2, 2, ev('START'));
    expect(sink.targets.map((t) => t.lock)).toEqual(['1:0xffff88800abcd000', '2:0xffff88800abcd000']);
  });
});
