// The findings of a replay: de-duplicated by key, counted, in order of first appearance.
import type { Finding } from './finding.js';
import { withGetters } from '../with-getters.js';

export interface FindingLog {
  readonly size: number;
  /** Count one more occurrence of `key`; false when the key is new (then add() the finding). */
  bump(key: string): boolean;
  /** Add a finding with a new key (its count is taken as 1). */
  add(finding: Finding): void;
  has(key: string): boolean;
  /** Replace the finding of `key` by `change(it)` (its key and count stay). */
  update(key: string, change: (finding: Finding) => Finding): void;
  /** The findings with their counts; the same array until something changes. */
  list(): readonly Finding[];
}

export function createFindingLog(): FindingLog {
  const at = new Map<string, number>();
  const findings: Finding[] = [];
  const counts: number[] = [];
  let cached: readonly Finding[] | undefined = [];

  return withGetters({
    bump(key: string): boolean {
      const i = at.get(key);
      if (i === undefined) return false;
      counts[i] += 1;
      cached = undefined;
      return true;
    },
    add(finding: Finding): void {
      if (at.has(finding.key)) throw new Error(`finding key already logged: ${finding.key}`);
      at.set(finding.key, findings.length);
      findings.push(finding);
      counts.push(1);
      cached = undefined;
    },
    has: (key: string) => at.has(key),
    update(key: string, change: (finding: Finding) => Finding): void {
      const i = at.get(key);
      if (i === undefined) throw new Error(`no finding with key ${key}`);
      findings[i] = { ...change(findings[i]), key, count: findings[i].count };
      cached = undefined;
    },
    list(): readonly Finding[] {
      cached ??= findings.map((f, i) => (f.count === counts[i] ? f : { ...f, count: counts[i] }));
      return cached;
    },
  }, { size: () => findings.length });
}
