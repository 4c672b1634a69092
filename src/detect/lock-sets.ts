// Sets of detector keys (locks) joined by reported cycles, each standing for one finding: a
// union-find over dense keys. A set of locks on cycles is strongly connected, so a later cycle
// all inside one set is a further cycle of that set's finding, not a new finding.
import { NONE } from '../model/task-slot.js';
import { growInt32 } from '../grow-int32.js';

export interface LockSets {
  /** The finding key of the set holding every one of `keys`, or undefined when they are apart. */
  sharedKey(keys: readonly number[]): string | undefined;
  /** Merge the sets of `keys` into one, standing for finding `key`. */
  merge(keys: readonly number[], key: string): void;
}

export function createLockSets(): LockSets {
  // parent[k] is NONE at a root.
  let parent = new Int32Array(0);
  const setKey: (string | undefined)[] = [];

  function find(key: number): number {
    parent = growInt32(parent, key + 1, NONE);
    let root = key;
    while (parent[root] !== NONE) root = parent[root];
    while (key !== root) {
      const next = parent[key];
      parent[key] = root;
      key = next;
    }
    return root;
  }

  return {
    sharedKey(keys) {
      const root = find(keys[0]);
      for (let i = 1; i < keys.length; i++) if (find(keys[i]) !== root) return undefined;
      return setKey[root];
    },
    merge(keys, key) {
      const root = find(keys[0]);
      for (let i = 1; i < keys.length; i++) {
        const other = find(keys[i]);
        if (other !== root) parent[other] = root;
      }
      setKey[root] = key;
    },
  };
}
