// Per-file cache of one synthetic lock class's ids, so the replay loop allocates nothing per event.
import { fileKey } from '../trace/dev.js';
import type { StepSink } from './policy.js';

/** The synthetic lock classes that exist once per file (docs/design.md §3). */
export type FileLockClass = 'pagecache' | 'invalidate_lock' | 'i_rwsem' | 'dio_count';

/**
 * The id of the `cls` lock of file (dev, ino), interned through `sink.lockId` on first use.
 * Ids are stable for one replay, so one cache (one policy instance) serves one replay.
 */
export type FileLockIds = (sink: StepSink, dev: number, ino: number) => number;

export function createFileLockIds(cls: FileLockClass): FileLockIds {
  // Keyed by the numbers themselves: a composite string key would allocate on every lookup.
  const byDev = new Map<number, Map<number, number>>();
  return (sink, dev, ino) => {
    let byIno = byDev.get(dev);
    if (byIno === undefined) {
      byIno = new Map();
      byDev.set(dev, byIno);
    }
    let id = byIno.get(ino);
    if (id === undefined) {
      id = sink.lockId({ lock: fileKey(dev, ino), cls, subclass: 0 });
      byIno.set(ino, id);
    }
    return id;
  };
}
