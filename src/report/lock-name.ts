// The name of a finding's lock in a report: its symbol when the trace has one; "cls(lock)" for
// synthetic locks ("pagecache(254:0:12)"), with the file's path when the trace recorded it
// ("pagecache(/mnt/test/A 254:0:12)", "(... (deleted) ...)", "(unknown file ...)"); for numeric ids the class under lockdep semantics
// (class-level, like lockdep's own reports), else "cls(id)", or the id alone when the class is
// the instance. Ids of 2^32 and above are shown in hex.
import type { FindingLock, Semantics } from '../detect/finding.js';
import { printableText } from '../trace/printable-text.js';
import { formatId } from './format-id.js';

// The name of `lock` as the report shows it under `semantics`.
export function lockName(lock: FindingLock, semantics: Semantics): string {
  return printableText(rawLockName(lock, semantics));
}

function rawLockName(lock: FindingLock, semantics: Semantics): string {
  if (lock.name !== undefined && lock.name !== '') return lock.name;
  const numeric = /^\d+$/.test(lock.lock);
  const hasClass = lock.cls !== '' && lock.cls !== lock.lock;
  if (!numeric) {
    const instance = lock.file === undefined ? lock.lock : `${filePath(lock.file)} ${lock.lock}`;
    return hasClass ? `${lock.cls}(${instance})` : instance;
  }
  const id = formatId(lock.lock);
  if (!hasClass) return id;
  return semantics === 'lockdep' ? lock.cls : `${lock.cls}(${id})`;
}

/** A recorded file's path as reports print it: " (deleted)" after an unlinked one; "unknown file" when none was found. */
export function filePath(file: { readonly path?: string; readonly deleted: boolean }): string {
  if (file.path === undefined) return 'unknown file';
  return `${printableText(file.path)}${file.deleted ? ' (deleted)' : ''}`;
}
