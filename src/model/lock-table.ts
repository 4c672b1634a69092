// Lock identities: lock instances interned to dense ids, and the key each detector works on
// (the instance itself, or class + subclass when `classKeys`: lockdep semantics). A lock id's
// identity ends at its destroy or re-init (end()): the next op on the id interns a new instance,
// which inherits nothing (a lock whose class is the instance itself gets a new class too).
import type { LockOp, LockType } from '../trace/event.js';
import type { LockTarget } from './lock-target.js';
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
  /** True for a policy's synthetic lock, false for a LockOp lock. */
  isSynthetic(instance: number): boolean;
  /** The last type a LockOp named for the instance (undefined: never named, or UNKNOWN_TYPE). */
  typeOf(instance: number): LockType | undefined;
  /** Keep `type` as the instance's type (UNKNOWN_TYPE keeps what is known). */
  setType(instance: number, type: LockType): void;
  /** The instance `lock` names now, or undefined when its identity is not live. */
  find(lock: bigint): number | undefined;
  /** End the identity of lock id `lock`: the next op on it interns a new instance. */
  end(lock: bigint): void;
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
  const synthetic: boolean[] = [];
  const types: (LockType | undefined)[] = [];
  // Identities ended per lock id (only ids that were destroyed or re-initialised).
  const generations = new Map<bigint, number>();
  let keyCount = 0;

  function add(name: string, cls: string, subclass: number, symbol: string | undefined, classTag = ''): number {
    const id = names.length;
    names.push(name);
    classes.push(cls);
    symbols.push(symbol);
    synthetic.push(false);
    types.push(undefined);
    labels.push(`${subclass === 0 ? cls : `${cls}/${subclass}`}${classTag}`);
    if (classKeys) {
      const classKey = `${cls}\0${subclass}\0${classTag}`;
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
      // A renewed id whose class is the instance itself is a new class: "id~generation".
      const generation = op.cls === '' ? generations.get(op.lock) : undefined;
      const id = add(name, op.cls === '' ? name : op.cls, op.subclass, op.name, generation === undefined ? '' : `~${generation}`);
      byInstance.set(op.lock, id);
      return id;
    },
    synthetic(target: LockTarget): number {
      const internKey = `${target.cls}\0${target.lock}`;
      const known = bySynthetic.get(internKey);
      if (known !== undefined) return known;
      const id = add(target.lock, target.cls, target.subclass, undefined);
      synthetic[id] = true;
      bySynthetic.set(internKey, id);
      return id;
    },
    isSynthetic: (instance: number) => synthetic[instance],
    typeOf: (instance: number) => types[instance],
    setType(instance: number, type: LockType): void {
      if (type !== 'UNKNOWN_TYPE') types[instance] = type;
    },
    find: (lock: bigint) => byInstance.get(lock),
    end(lock: bigint): void {
      if (!byInstance.delete(lock)) return;
      generations.set(lock, (generations.get(lock) ?? 0) + 1);
    },
    keyOf: (instance: number) => keyOfInstance[instance],
    lockName: (instance: number) => names[instance],
    cls: (instance: number) => classes[instance],
    symbol: (instance: number) => symbols[instance],
    classLabel: (instance: number) => labels[instance],
  }, { size: () => names.length, keys: () => keyCount });
}
