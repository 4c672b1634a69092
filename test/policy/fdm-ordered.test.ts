import { describe, expect, it } from 'vitest';
import { createFdmOrderedPolicy } from '../../src/policy/fdm-ordered.js';
import { A, B, C, dioBegin, dioEnd, fileFault, fileOp } from '../helpers/policy-events.js';
import { runPolicy } from '../helpers/policy-recording-sink.js';
import { scenario, type ScenarioName } from '../helpers/policy-scenarios.js';

const steps: readonly (readonly [ScenarioName, readonly string[]])[] = [
  ['S1', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
  ]],
  // T1 (A before B) waits for ADD(B); T2 (B after A) cannot get ADD(A) at once, so it drops
  // BLOCK(B), waits for ADD(A), retakes BLOCK(B) and the fault is refused.
  ['S2', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T2 +pagecache(B) BLOCK', 'T2 +dio_count(B) SHARED_RECURSIVE',
    'T1 +pagecache(B) ADD (waits)', 'T1 -pagecache(B)',
    'T2 -pagecache(B)', 'T2 +pagecache(A) ADD (waits)', 'T2 -pagecache(A)', 'T2 +pagecache(B) BLOCK',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
    'T2 -dio_count(B)', 'T2 -pagecache(B)',
  ]],
  // Apart in time, T2's try of ADD(A) succeeds.
  ['S2-apart', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T1 +pagecache(B) ADD', 'T1 -pagecache(B)',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
    'T2 +pagecache(B) BLOCK', 'T2 +dio_count(B) SHARED_RECURSIVE',
    'T2 +pagecache(A) ADD try', 'T2 -pagecache(A)',
    'T2 -dio_count(B)', 'T2 -pagecache(B)',
  ]],
  ['S3', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T2 +pagecache(B) BLOCK', 'T2 +dio_count(B) SHARED_RECURSIVE',
    'T3 +pagecache(C) BLOCK', 'T3 +dio_count(C) SHARED_RECURSIVE',
    'T1 +pagecache(B) ADD (waits)', 'T1 -pagecache(B)',
    'T2 +pagecache(C) ADD (waits)', 'T2 -pagecache(C)',
    'T3 -pagecache(C)', 'T3 +pagecache(A) ADD (waits)', 'T3 -pagecache(A)', 'T3 +pagecache(C) BLOCK',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
    'T2 -dio_count(B)', 'T2 -pagecache(B)',
    'T3 -dio_count(C)', 'T3 -pagecache(C)',
  ]],
  ['S4', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T2 +pagecache(B) ADD',
    'T1 +pagecache(B) ADD', 'T1 -pagecache(B)',
    'T2 +pagecache(A) ADD (waits)', 'T2 -pagecache(A)',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
    'T2 -pagecache(B)',
  ]],
  // The remap holds BLOCK(B) and waits for T1's dio_count(A); T1 waits for ADD(B).
  ['S5', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T2 +pagecache(A) BLOCK', 'T2 +pagecache(B) BLOCK',
    // The wait that blocks goes last, so it stays T2's what-if wait (docs/design.md §4).
    'T2 +dio_count(B) EXCLUSIVE', 'T2 -dio_count(B)',
    'T2 +dio_count(A) EXCLUSIVE (waits)', 'T2 -dio_count(A)',
    'T1 +pagecache(B) ADD (waits)', 'T1 -pagecache(B)',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
    'T2 -pagecache(B)', 'T2 -pagecache(A)',
  ]],
];

describe('fdm-ordered policy', () => {
  it('is named fdm-ordered', () => {
    expect(createFdmOrderedPolicy().name).toBe('fdm-ordered');
  });

  it.each(steps)('turns scenario %s into these lock steps', (name, expected) => {
    expect(runPolicy(createFdmOrderedPolicy(), scenario(name)).lines()).toEqual(expected);
  });

  it('faults on a later file with a blocking ADD even when it would wait', () => {
    const lines = runPolicy(createFdmOrderedPolicy(), [
      fileOp(2, 'TRUNCATE', 'BEGIN', C), dioBegin(1, B), fileFault(1, C, 0), dioEnd(1, B), fileOp(2, 'TRUNCATE', 'END', C),
    ]).lines();
    expect(lines).toEqual([
      'T2 +dio_count(C) EXCLUSIVE', 'T2 -dio_count(C)', 'T2 +pagecache(C) BLOCK',
      'T1 +pagecache(B) BLOCK', 'T1 +dio_count(B) SHARED_RECURSIVE',
      'T1 +pagecache(C) ADD (waits)', 'T1 -pagecache(C)',
      'T1 -dio_count(B)', 'T1 -pagecache(B)',
      'T2 -pagecache(C)',
    ]);
  });

  it('faults on an earlier file with a trylock when nothing blocks it', () => {
    const lines = runPolicy(createFdmOrderedPolicy(), [dioBegin(1, C), fileFault(1, A, 3), dioEnd(1, C)]).lines();
    expect(lines).toEqual([
      'T1 +pagecache(C) BLOCK', 'T1 +dio_count(C) SHARED_RECURSIVE',
      'T1 +pagecache(A) ADD try', 'T1 -pagecache(A)',
      'T1 -dio_count(C)', 'T1 -pagecache(C)',
    ]);
  });

  it('retries around a truncate of the earlier file: drop BLOCK, wait for ADD, retake BLOCK', () => {
    const lines = runPolicy(createFdmOrderedPolicy(), [
      fileOp(2, 'PUNCH', 'BEGIN', A), dioBegin(1, B), fileFault(1, A, 0), fileOp(2, 'PUNCH', 'END', A), dioEnd(1, B),
    ]).lines();
    expect(lines).toEqual([
      'T2 +dio_count(A) EXCLUSIVE', 'T2 -dio_count(A)', 'T2 +pagecache(A) BLOCK',
      'T1 +pagecache(B) BLOCK', 'T1 +dio_count(B) SHARED_RECURSIVE',
      'T1 -pagecache(B)', 'T1 +pagecache(A) ADD (waits)', 'T1 -pagecache(A)', 'T1 +pagecache(B) BLOCK',
      'T2 -pagecache(A)',
      'T1 -dio_count(B)', 'T1 -pagecache(B)',
    ]);
  });

  it('refuses a fault on its own file', () => {
    const lines = runPolicy(createFdmOrderedPolicy(), [dioBegin(1, B), fileFault(1, B, 0), dioEnd(1, B)]).lines();
    expect(lines).not.toContain('T1 +pagecache(B) ADD');
    expect(lines).toHaveLength(4);
  });
});
