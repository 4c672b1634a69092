// A synthetic lock as a policy names it (docs/design.md §3): interned by the lock table, named by
// policies and by the export timeline.

/** A synthetic lock: `lock` is its instance name (e.g. "254:0:2164945"), `cls` its class (e.g. "pagecache"). */
export interface LockTarget {
  readonly lock: string;
  readonly cls: string;
  readonly subclass: number;
}
