import { describe, expect, it } from 'vitest';
import { createNaivePolicy } from '../../src/policy/naive.js';
import { runPolicy } from '../helpers/policy-recording-sink.js';
import { scenario, type ScenarioName } from '../helpers/policy-scenarios.js';

const steps: readonly (readonly [ScenarioName, readonly string[]])[] = [
  ['S1', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T1 +pagecache(A) ADD', 'T1 -pagecache(A)',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
  ]],
  ['S2', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T2 +pagecache(B) BLOCK', 'T2 +dio_count(B) SHARED_RECURSIVE',
    'T1 +pagecache(B) ADD (waits)', 'T1 -pagecache(B)',
    'T2 +pagecache(A) ADD (waits)', 'T2 -pagecache(A)',
    'T1 -dio_count(A)', 'T1 -pagecache(A)',
    'T2 -dio_count(B)', 'T2 -pagecache(B)',
  ]],
  ['S3', [
    'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
    'T2 +pagecache(B) BLOCK', 'T2 +dio_count(B) SHARED_RECURSIVE',
    'T3 +pagecache(C) BLOCK', 'T3 +dio_count(C) SHARED_RECURSIVE',
    'T1 +pagecache(B) ADD (waits)', 'T1 -pagecache(B)',
    'T2 +pagecache(C) ADD (waits)', 'T2 -pagecache(C)',
    'T3 +pagecache(A) ADD (waits)', 'T3 -pagecache(A)',
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

describe('naive policy', () => {
  it('is named naive', () => {
    expect(createNaivePolicy().name).toBe('naive');
  });

  it.each(steps)('turns scenario %s into these lock steps', (name, expected) => {
    expect(runPolicy(createNaivePolicy(), scenario(name)).lines()).toEqual(expected);
  });
});
