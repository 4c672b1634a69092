// The policy of a name: a fresh instance, whose state lives in its closure, for one replay.
import { assertUnreachable } from '../assert.js';
import { createFdmOrderedPolicy } from './fdm-ordered.js';
import { createFdmPolicy } from './fdm.js';
import { createMainlinePolicy } from './mainline.js';
import { createNaivePolicy } from './naive.js';
import type { Policy, PolicyName } from './policy.js';

export function createPolicy(name: PolicyName): Policy {
  switch (name) {
    case 'naive':
      return createNaivePolicy();
    case 'fdm':
      return createFdmPolicy();
    case 'fdm-ordered':
      return createFdmOrderedPolicy();
    case 'mainline':
      return createMainlinePolicy();
    default:
      return assertUnreachable(name);
  }
}
