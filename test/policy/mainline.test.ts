import { describe, expect, it } from 'vitest';
import { createMainlinePolicy } from '../../src/policy/mainline.js';
import {
  A, B, MAP_BASE, dioBegin, dioEnd, dioInvalidateFail, fileFault, fileOp, mapping, pageAdd, pageDelete,
} from '../helpers/policy-events.js';
import { runPolicy } from '../helpers/policy-recording-sink.js';
import { scenario, type ScenarioName } from '../helpers/policy-scenarios.js';

const OWN_FILE = 'fault on the file its own DIO write is writing';
const RANGE_FAULT = 'file fault inside an in-flight DIO write range';
const RANGE_ADD = 'page-cache add inside an in-flight DIO write range';

const steps: readonly (readonly [ScenarioName, readonly string[]])[] = [
  ['S1', [
    'T1 +i_rwsem(A) SHARED',
    'T1 +invalidate_lock(A) SHARED', 'T1 -invalidate_lock(A)', `T1 hazard A by T1@0: ${OWN_FILE}`,
    'T1 -i_rwsem(A)',
  ]],
  // Both DIOs write page 0 of their file, and each task faults page 0 of the other's file in:
  // no deadlock, but each fault lands inside the other's in-flight write range and is still
  // cached when that DIO completes.
  ['S2', [
    'T1 +i_rwsem(A) SHARED', 'T2 +i_rwsem(B) SHARED',
    'T1 +invalidate_lock(B) SHARED', 'T1 -invalidate_lock(B)',
    'T2 +invalidate_lock(A) SHARED', 'T2 -invalidate_lock(A)', `T2 hazard A by T1@0: ${RANGE_FAULT}`,
    'T1 -i_rwsem(A)', `T1 hazard B by T2@1: ${RANGE_FAULT}`, 'T2 -i_rwsem(B)',
  ]],
  ['S2-apart', [
    'T1 +i_rwsem(A) SHARED', 'T1 +invalidate_lock(B) SHARED', 'T1 -invalidate_lock(B)', 'T1 -i_rwsem(A)',
    'T2 +i_rwsem(B) SHARED', 'T2 +invalidate_lock(A) SHARED', 'T2 -invalidate_lock(A)', 'T2 -i_rwsem(B)',
  ]],
  // No deadlock; T2 reads page 0 of A in while T1's DIO writes it (B has no DIO in flight).
  ['S4', [
    'T1 +i_rwsem(A) SHARED', 'T2 +i_rwsem(B) EXCLUSIVE',
    'T1 +invalidate_lock(B) SHARED', 'T1 -invalidate_lock(B)',
    'T2 +invalidate_lock(A) SHARED', 'T2 -invalidate_lock(A)', `T2 hazard A by T1@0: ${RANGE_FAULT}`,
    'T1 -i_rwsem(A)', 'T2 -i_rwsem(B)',
  ]],
  ['S5', [
    'T1 +i_rwsem(A) SHARED',
    'T2 +i_rwsem(A) EXCLUSIVE (waits)', 'T2 +i_rwsem(B) EXCLUSIVE',
    'T2 +invalidate_lock(A) EXCLUSIVE', 'T2 +invalidate_lock(B) EXCLUSIVE',
    'T1 +invalidate_lock(B) SHARED (waits)', 'T1 -invalidate_lock(B)',
    'T1 -i_rwsem(A)',
    'T2 -invalidate_lock(B)', 'T2 -invalidate_lock(A)', 'T2 -i_rwsem(B)', 'T2 -i_rwsem(A)',
  ]],
];

describe('mainline policy', () => {
  it('is named mainline', () => {
    expect(createMainlinePolicy().name).toBe('mainline');
  });

  it.each(steps)('turns scenario %s into these lock steps', (name, expected) => {
    expect(runPolicy(createMainlinePolicy(), scenario(name)).lines()).toEqual(expected);
  });

  it('reports a DIO write whose buffer is mapped from the file it writes, with no fault event', () => {
    const lines = runPolicy(createMainlinePolicy(), scenario('S1', 'buffers')).lines();
    expect(lines).toEqual([
      'T1 +i_rwsem(A) SHARED', 'T1 hazard A by T1@1: DIO write buffer is mapped from the file it writes', 'T1 -i_rwsem(A)',
    ]);
  });

  it('takes no lock for a buffer mapped from another file: its pages are pinned, not read in', () => {
    const lines = runPolicy(createMainlinePolicy(), [mapping(1, MAP_BASE, B), dioBegin(1, A, { buf: MAP_BASE }), dioEnd(1, A)]).lines();
    expect(lines).toEqual(['T1 +i_rwsem(A) SHARED', 'T1 -i_rwsem(A)']);
  });

  it.each([
    ['a page inside the write range', 2, 1],
    ['the page before the range', 1, 0],
    ['the page after the range', 4, 0],
  ])('flags another task adding %s', (_what, index, hazards) => {
    // T1 writes bytes [8192, 16384) of A: pages 2 and 3.
    const sink = runPolicy(createMainlinePolicy(), [dioBegin(1, A, { pos: 8192, len: 8192 }), pageAdd(2, A, index), dioEnd(1, A)]);
    expect(sink.steps.filter((s) => s.kind === 'hazard')).toHaveLength(hazards);
    if (hazards > 0) expect(sink.lines()).toContain(`T2 hazard A by T1@0: ${RANGE_ADD}`);
  });

  it('does not flag a page the DIO invalidated again before it completed', () => {
    const sink = runPolicy(createMainlinePolicy(), [dioBegin(1, A, { pos: 8192, len: 8192 }), pageAdd(2, A, 2), pageDelete(1, A, 2), dioEnd(1, A)]);
    expect(sink.steps.some((s) => s.kind === 'hazard')).toBe(false);
  });

  it('flags a large folio add that overlaps the write range', () => {
    const sink = runPolicy(createMainlinePolicy(), [dioBegin(1, A, { pos: 8192, len: 4096 }), pageAdd(2, A, 0, 2), dioEnd(1, A)]);
    expect(sink.lines()).toContain(`T2 hazard A by T1@0: ${RANGE_ADD}`);
  });

  it('does not flag adds inside the range of a DIO read', () => {
    const sink = runPolicy(createMainlinePolicy(), [dioBegin(1, A, { write: false }), pageAdd(2, A, 0), fileFault(3, A, 0), dioEnd(1, A)]);
    expect(sink.steps.some((s) => s.kind === 'hazard')).toBe(false);
  });

  it('counts a fault and the add that reads its page in as one fault, and a readahead add as none', () => {
    const lines = runPolicy(createMainlinePolicy(), [dioBegin(1, A), fileFault(1, A, 0), pageAdd(1, A, 0), pageAdd(1, A, 1), dioEnd(1, A)]).lines();
    expect(lines).toEqual([
      'T1 +i_rwsem(A) SHARED',
      'T1 +invalidate_lock(A) SHARED', 'T1 -invalidate_lock(A)', `T1 hazard A by T1@0: ${OWN_FILE}`,
      'T1 +invalidate_lock(A) SHARED', 'T1 -invalidate_lock(A)',
      'T1 -i_rwsem(A)',
    ]);
  });

  it('flags a readahead add of its own DIO\'s range, still cached at its end, as an in-range add', () => {
    const lines = runPolicy(createMainlinePolicy(), [dioBegin(1, A, { len: 8192 }), pageAdd(1, A, 1), dioEnd(1, A)]).lines();
    expect(lines).toContain('T1 hazard A by T1@0: page-cache add inside an in-flight DIO write range');
  });

  it('flags a fault on its own file only inside the range its DIO writes', () => {
    const outside = runPolicy(createMainlinePolicy(), [dioBegin(1, A, { pos: 8192 }), fileFault(1, A, 0), dioEnd(1, A)]).lines();
    expect(outside.filter((l) => l.includes('hazard'))).toEqual([]);
  });

  it.each([
    ['overlaps', 0, 1],
    ['lies apart from', 16384, 0],
  ])('flags a DIO write whose buffer is mapped from the range it %s', (_what, pos, hazards) => {
    const lines = runPolicy(createMainlinePolicy(), [
      mapping(1, MAP_BASE, A), dioBegin(1, A, { pos, len: 12288, buf: MAP_BASE + 4096n }), dioEnd(1, A),
    ]).lines();
    expect(lines.filter((l) => l.includes('buffer is mapped from the file it writes'))).toHaveLength(hazards);
  });

  it('reports a failed invalidation and ends the DIO there (the write falls back to buffered)', () => {
    const lines = runPolicy(createMainlinePolicy(), [dioBegin(1, A), dioInvalidateFail(1, A), pageAdd(2, A, 0)]).lines();
    expect(lines).toEqual([
      'T1 +i_rwsem(A) SHARED',
      'T1 hazard A by T1@0: page-cache invalidation failed under a DIO write',
      'T1 -i_rwsem(A)',
    ]);
  });

  it('takes a file fault outside any DIO as a read-in: invalidate_lock shared, no hazard', () => {
    expect(runPolicy(createMainlinePolicy(), [fileFault(1, B, 7)]).lines()).toEqual([
      'T1 +invalidate_lock(B) SHARED', 'T1 -invalidate_lock(B)',
    ]);
  });

  it.each([
    ['TRUNCATE', ['T1 +i_rwsem(A) EXCLUSIVE', 'T1 +invalidate_lock(A) EXCLUSIVE', 'T1 -invalidate_lock(A)', 'T1 -i_rwsem(A)']],
    ['PUNCH', ['T1 +i_rwsem(A) EXCLUSIVE', 'T1 +invalidate_lock(A) EXCLUSIVE', 'T1 -invalidate_lock(A)', 'T1 -i_rwsem(A)']],
    ['BUFFERED_WRITE', ['T1 +i_rwsem(A) EXCLUSIVE', 'T1 -i_rwsem(A)']],
    ['BUFFERED_READ', []],
    ['READAHEAD', []],
  ] as const)('holds for a %s of A, to its end: %j', (op, expected) => {
    expect(runPolicy(createMainlinePolicy(), [fileOp(1, op, 'BEGIN', A), fileOp(1, op, 'END', A)]).lines()).toEqual(expected);
  });

  it('locks a remap of (B, A) lower file first: i_rwsem of both, then invalidate_lock of both', () => {
    const lines = runPolicy(createMainlinePolicy(), [
      fileOp(1, 'REMAP', 'BEGIN', B, { second: A }), fileOp(1, 'REMAP', 'END', B, { second: A }),
    ]).lines();
    expect(lines).toEqual([
      'T1 +i_rwsem(A) EXCLUSIVE', 'T1 +i_rwsem(B) EXCLUSIVE',
      'T1 +invalidate_lock(A) EXCLUSIVE', 'T1 +invalidate_lock(B) EXCLUSIVE',
      'T1 -invalidate_lock(B)', 'T1 -invalidate_lock(A)', 'T1 -i_rwsem(B)', 'T1 -i_rwsem(A)',
    ]);
  });
});
