// Lock identities: lock instances interned to dense ids, and the key each detector works on
// (the instance itself, or class + subclass when `classKeys`: lockdep semantics).
import type { LockOp } from '../trace/event.js';
import type { LockTarget } from '../policy/policy.js';
import { withGetters } from '../with-getters.js';

export interface LockTable {
  /** Number of lock instances. */
  readonly size: number;
  /** Number of detector keys (== size unless `classKeys`). */
  readonly keys: number;
  /** Dense instance id of a LockOp's lock (interned on first sight; its cls/name are kept). */
  instanceOf(op: LockOp): number;
  /** Dense instance id of a synthetic lock (interned by class and instance name). */
  synthetic(target: LockTarget): number;
  /** Detector key of an instance. */
  keyOf(instance: number): number;
  /** Display name: decimal uint64 for LockOp locks, "major:minor:ino" for synthetic ones. */
  lockName(instance: number): string;
  cls(instance: number): string;
  symbol(instance: number): string | undefined;
  /** Class label used in de-duplication keys: cls, with "/subclass" when the subclass is not 0. */
  classLabel(instance: number): string;
}

// Interning happens only for new locks; lookups of known ones allocate nothing.
export function createLockTable(classKeys: boolean): LockTable {
  const byInstance = new Map<bigint, number>();
  const bySynthetic = new Map<string, number>();
  const byClass = new Map<string, number>();
  const names: string[] = [];
  const classes: string[] = [];
  const symbols: (string | undefined)[] = [];
  const labels: string[] = [];
  const keyOfInstance: number[] = [];
  let keyCount = 0;

  function add(name: string, cls: string, subclass: number, symbol: string | undefined): number {
    const id = names.length;
    names.push(name);
    classes.push(cls);
    symbols.push(symbol);
    labels.push(subclass === 0 ? cls : `${cls}/${subclass}`);
    if (classKeys) {
      const classKey = `${cls}\0${subclass}`;
      let key = byClass.get(classKey);
      if (key === undefined) {
        key = keyCount++;
        byClass.set(classKey, key);
      }
      keyOfInstance.push(key);
    } else {
      keyOfInstance.push(keyCount++);
    }
    return id;
  }

  return withGetters({
    instanceOf(op: LockOp): number {
      const known = byInstance.get(op.lock);
      if (known !== undefined) return known;
      const name = op.lock.toString();
      const id = add(name, op.cls === '' ? name : op.cls, op.subclass, op.name);
      byInstance.set(op.lock, id);
      return id;
    },
    synthetic(target: LockTarget): number {
      const internKey = `${target.cls}\0${target.lock}`;
      const known = bySynthetic.get(internKey);
      if (known !== undefined) return known;
      const id = add(target.lock, target.cls, target.subclass, undefined);
      bySynthetic.set(internKey, id);
      return id;
    },
    keyOf: (instance: number) => keyOfInstance[instance],
    lockName: (instance: number) => names[instance],
    cls: (instance: number) => classes[instance],
    symbol: (instance: number) => symbols[instance],
    classLabel: (instance: number) => labels[instance],
  }, { size: () => names.length, keys: () => keyCount });
}
