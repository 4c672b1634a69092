// Suppressions (docs/design.md §5): accepted findings, listed in a file, taken out of a report and
// of the exit status but counted. One per line: a kind, then the finding's locks, each a glob
// matched against the lock's class, its name as reports show it, or its file path, optionally
// followed by `{mode}` (the mode it was held or requested in, lower case); `*` matches any run of characters, `?` one; `#` starts a comment.
//
//   order-inversion  pagecache(*){block} pagecache(*){block}
//   coherency        *
//   wait-cycle       i_rwsem{excl*} mmap_lock
//
// A finding matches when its kind matches and each lock pattern matches a different lock of the
// finding; a line without lock patterns matches every finding of the kind.
import type { Finding, FindingLock } from '../detect/finding.js';
import { printableText } from '../trace/printable-text.js';
import { InputError } from '../trace/errors.js';
import { lockName } from './lock-name.js';

/** One line of a suppressions file. */
export interface Suppression {
  readonly file: string;
  readonly line: number;
  /** The line without its comment, control characters escaped. */
  readonly text: string;
  readonly kind: RegExp;
  readonly locks: readonly { readonly name: RegExp; readonly mode?: RegExp }[];
}

/** The findings a suppression list kept and took out, and how often each suppression matched. */
export interface SuppressionResult {
  readonly kept: readonly Finding[];
  readonly suppressed: readonly { readonly finding: Finding; readonly by: Suppression }[];
  readonly unused: readonly Suppression[];
}

const LOCK_PATTERN = /^(.*?)(?:\{([^{}]*)\})?$/;

/** Parses a suppressions file's text; a malformed line is an InputError naming file and line. */
export function parseSuppressions(text: string, file: string): Suppression[] {
  const list: Suppression[] = [];
  text.split('\n').forEach((raw, i) => {
    const body = raw.replace(/#.*/, '').trim();
    if (body === '') return;
    const [kind, ...locks] = body.split(/\s+/);
    if (!/^[a-z*?-]+$/.test(kind)) throw new InputError(file, `line ${i + 1}: expected a finding kind (e.g. order-inversion, or *), got "${printableText(kind)}"`);
    list.push({
      file, line: i + 1, text: printableText(body), kind: globRegExp(kind),
      locks: locks.filter((l) => l !== '*').map((l) => {
        const [, name, mode] = LOCK_PATTERN.exec(l)!;
        if (name === '') throw new InputError(file, `line ${i + 1}: expected a lock pattern before "{", got "${printableText(l)}"`);
        return { name: globRegExp(name), ...(mode === undefined ? {} : { mode: globRegExp(mode.toLowerCase()) }) };
      }),
    });
  });
  return list;
}

/** Splits `findings` into kept and suppressed (first matching line wins); lists lines that matched nothing. */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): SuppressionResult {
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  const suppressed: { finding: Finding; by: Suppression }[] = [];
  for (const finding of findings) {
    const by = suppressions.find((s) => matches(s, finding));
    if (by === undefined) kept.push(finding);
    else {
      used.add(by);
      suppressed.push({ finding, by });
    }
  }
  return { kept, suppressed, unused: suppressions.filter((s) => !used.has(s)) };
}

function matches(s: Suppression, finding: Finding): boolean {
  if (!s.kind.test(finding.kind)) return false;
  const taken = new Set<number>();
  return s.locks.every((pattern) => {
    const at = finding.locks.findIndex((lock, i) => !taken.has(i) && lockMatches(pattern, lock, finding));
    if (at < 0) return false;
    taken.add(at);
    return true;
  });
}

function lockMatches(pattern: Suppression['locks'][number], lock: FindingLock, finding: Finding): boolean {
  const path = (lock as FindingLock & { readonly path?: string }).path;
  const names = [lock.cls, lockName(lock, finding.semantics), lock.lock, ...(lock.name ? [lock.name] : []), ...(path ? [path] : [])];
  if (!names.some((n) => pattern.name.test(n))) return false;
  if (pattern.mode === undefined) return true;
  // The lock's mode, or any mode it was held or requested in along the finding's edges.
  const modes = [lock.mode, ...finding.edges.flatMap((e) => [
    ...(e.held.lock === lock.lock ? [e.held.mode] : []), ...(e.requested.lock === lock.lock ? [e.requested.mode] : []),
  ])];
  return modes.some((m) => pattern.mode!.test(m.toLowerCase()));
}

// A glob as an anchored RegExp: `*` any run of characters, `?` one, everything else literal.
function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
