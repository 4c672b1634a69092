// lib/locking-selftest.c (locking_selftest()) cases that fit the trace schema. Each kernel case
// runs in ONE task, and lockdep flags it: `lockdep` semantics must agree case by case. Under
// `predictive`, the same orders in one task are no deadlock (one task cannot wait for itself
// across lock/unlock pairs), and split over tasks they give the kernel's verdict.
import { describe, expect, it } from 'vitest';
import type { FindingKind } from '../../src/detect/finding.js';
import { findingKinds } from '../helpers/engine-run.js';
import {
  inOneTask, inOwnTasks, permutations3, SELFTEST_LOCK_TYPES,
} from '../helpers/engine-selftest.js';

// DO_TESTCASE_6R: FAILURE for every lock type but rlock (recursive reads never wait on reads).
const CYCLES_6R: readonly [string, readonly string[]][] = [
  ['A-B-B-A', ['LOCK_UNLOCK_2(A,B)', 'LOCK_UNLOCK_2(B,A)']],
  ['A-B-B-C-C-A', ['LOCK_UNLOCK_2(A,B)', 'LOCK_UNLOCK_2(B,C)', 'LOCK_UNLOCK_2(C,A)']],
  ['A-B-C-A-B-C', ['LOCK_UNLOCK_2(A,B)', 'LOCK_UNLOCK_2(C,A)', 'LOCK_UNLOCK_2(B,C)']],
  ['A-B-B-C-C-D-D-A', ['LOCK_UNLOCK_2(A,B)', 'LOCK_UNLOCK_2(B,C)', 'LOCK_UNLOCK_2(C,D)', 'LOCK_UNLOCK_2(D,A)']],
  ['A-B-C-D-B-D-D-A', ['LOCK_UNLOCK_2(A,B)', 'LOCK_UNLOCK_2(C,D)', 'LOCK_UNLOCK_2(B,D)', 'LOCK_UNLOCK_2(D,A)']],
  ['A-B-C-D-B-C-D-A', ['LOCK_UNLOCK_2(A,B)', 'LOCK_UNLOCK_2(C,D)', 'LOCK_UNLOCK_2(B,C)', 'LOCK_UNLOCK_2(D,A)']],
];

const CYCLE_ROWS = CYCLES_6R.flatMap(([name, parts]) =>
  SELFTEST_LOCK_TYPES.map((type) => [name, type, parts, type === 'rlock' ? [] : ['order-inversion']] as const));

const AA_ROWS = SELFTEST_LOCK_TYPES.map((type) => [type, type === 'rlock' ? [] : ['aa']] as const);

// The "recursive read-lock" block: [case, parts, lockdep flags it].
const RECURSIVE_READ_AA: readonly [string, string, boolean][] = [
  ['rlock_AA1', 'RL(X1) RL(X1)', false],
  ['rsem_AA1', 'RSL(X1) RSL(X1)', true],
  ['rlock_AA1B', 'RL(X1) RL(X2)', false],
  ['rsem_AA1B', 'RSL(X1) RSL(X2)', true],
  ['rlock_AA2', 'RL(X1) WL(X2)', true],
  ['rsem_AA2', 'RSL(X1) WSL(X2)', true],
  ['rlock_AA3', 'WL(X1) RL(X2)', true],
  ['rsem_AA3', 'WSL(X1) RSL(X2)', true],
];

const RECURSIVE_READ_CYCLES: readonly [string, readonly string[], boolean][] = [
  ['rlock_ABBA1', ['RL(X1) L(Y1) U(Y1) RU(X1)', 'L(Y1) WL(X1) WU(X1) U(Y1)'], true],
  ['rwsem_ABBA1', ['RSL(X1) ML(Y1) MU(Y1) RSU(X1)', 'ML(Y1) WSL(X1) WSU(X1) MU(Y1)'], true],
  ['rlock_ABBA2', ['RL(X1) L(Y1) U(Y1) RU(X1)', 'L(Y1) RL(X1) RU(X1) U(Y1)'], false],
  ['rwsem_ABBA2', ['RSL(X1) ML(Y1) MU(Y1) RSU(X1)', 'ML(Y1) RSL(X1) RSU(X1) MU(Y1)'], true],
  ['rlock_ABBA3', ['WL(X1) L(Y1) U(Y1) WU(X1)', 'L(Y1) WL(X1) WU(X1) U(Y1)'], true],
  ['rwsem_ABBA3', ['WSL(X1) ML(Y1) MU(Y1) WSU(X1)', 'ML(Y1) WSL(X1) WSU(X1) MU(Y1)'], true],
  ['rlock_chaincache_ABBA1', ['RL(X1) L(Y1) U(Y1) RU(X1)', 'L(Y1) RL(X1) RU(X1) U(Y1)', 'L(Y1) WL(X1) WU(X1) U(Y1)'], true],
];

// GENERATE_PERMUTATIONS_3_EVENTS cases of the rlock type; DO_TESTCASE_6x1RRB flags, 6x1RR does not.
const RECURSIVE_READ_3: readonly [string, readonly [string, string, string], boolean][] = [
  ['W1R2_W2R3_W3R1', ['WL(X1) RL(Y1) RU(Y1) WU(X1)', 'WL(Y1) RL(Z1) RU(Z1) WU(Y1)', 'WL(Z1) RL(X1) RU(X1) WU(Z1)'], true],
  ['W1W2_R2R3_W3R1', ['WL(X1) WL(Y1) WU(Y1) WU(X1)', 'RL(Y1) RL(Z1) RU(Z1) RU(Y1)', 'WL(Z1) RL(X1) RU(X1) WU(Z1)'], true],
  ['W1W2_R2R3_R3W1', ['WL(X1) RL(Y1) RU(Y1) WU(X1)', 'RL(Y1) RL(Z1) RU(Z1) RU(Y1)', 'WL(Z1) WL(X1) WU(X1) WU(Z1)'], false],
  ['W1R2_R2R3_W3W1', ['WL(X1) WL(Y1) WU(Y1) WU(X1)', 'RL(Y1) RL(Z1) RU(Z1) RU(Y1)', 'RL(Z1) WL(X1) WU(X1) RU(Z1)'], false],
];
const RECURSIVE_READ_3_ROWS = RECURSIVE_READ_3.flatMap(([name, parts, flagged]) =>
  permutations3(parts).map(([order, ordered]) => [`${name}_${order}`, ordered, flagged] as const));

describe('lib/locking-selftest.c under lockdep semantics (one task, as the kernel runs it)', () => {
  it.each(AA_ROWS)('A-A (LOCK(X1); LOCK(X2)) with %s locks gives %j', (type, kinds) => {
    expect(findingKinds(inOneTask(['LOCK(X1) LOCK(X2)'], type), { semantics: 'lockdep' })).toEqual(kinds);
  });

  it.each(CYCLE_ROWS)('%s deadlock with %s locks gives %j', (_name, type, parts, kinds) => {
    expect(findingKinds(inOneTask(parts, type), { semantics: 'lockdep' })).toEqual(kinds);
  });

  it.each(SELFTEST_LOCK_TYPES)('double unlock with %s locks gives a bad-unlock', (type) => {
    expect(findingKinds(inOneTask(['LOCK(A) UNLOCK(A) UNLOCK(A)'], type), { semantics: 'lockdep' })).toEqual(['bad-unlock']);
  });

  it.each(RECURSIVE_READ_AA)('%s (%s) is flagged: %s', (_name, body, flagged) => {
    expect(findingKinds(inOneTask([body]), { semantics: 'lockdep' })).toEqual(flagged ? ['aa'] : []);
  });

  it.each([...RECURSIVE_READ_CYCLES, ...RECURSIVE_READ_3_ROWS])('%s is flagged: %s', (_name, parts, flagged) => {
    expect(findingKinds(inOneTask(parts), { semantics: 'lockdep' })).toEqual(flagged ? ['order-inversion'] : []);
  });
});

describe('lib/locking-selftest.c under predictive semantics', () => {
  it.each(CYCLE_ROWS)('%s with %s locks in one task gives nothing', (_name, type, parts) => {
    expect(findingKinds(inOneTask(parts, type))).toEqual([]);
  });

  it.each(CYCLE_ROWS)('%s with %s locks split over tasks gives %j', (_name, type, parts, kinds) => {
    expect(findingKinds(inOwnTasks(parts, type))).toEqual(kinds);
  });

  it.each(SELFTEST_LOCK_TYPES)('double unlock with %s locks gives a bad-unlock', (type) => {
    expect(findingKinds(inOneTask(['LOCK(A) UNLOCK(A) UNLOCK(A)'], type))).toEqual(['bad-unlock']);
  });

  it.each(RECURSIVE_READ_AA)('%s (%s) is AA only on one instance: flagged %s', (_name, body, flagged) => {
    const sameInstance = !body.includes('X2');
    const expected: FindingKind[] = flagged && sameInstance ? ['aa'] : [];
    expect(findingKinds(inOneTask([body]))).toEqual(expected);
  });

  it.each([...RECURSIVE_READ_CYCLES, ...RECURSIVE_READ_3_ROWS])('%s split over tasks is flagged: %s', (_name, parts, flagged) => {
    expect(findingKinds(inOwnTasks(parts))).toEqual(flagged ? ['order-inversion'] : []);
    expect(findingKinds(inOneTask(parts))).toEqual([]);
  });
});
