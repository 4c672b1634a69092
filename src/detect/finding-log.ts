// The findings of a replay: de-duplicated by key, counted, in order of first appearance. One
// finding per cycle (docs/design.md §5): an order-inversion whose cycle of (class, mode) steps
// was also found as a wait-cycle is listed once, as the wait-cycle, with alsoKinds naming it.
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
      cached ??= merged(findings.map((f, i) => (f.count === counts[i] ? f : { ...f, count: counts[i] })), at);
      return cached;
    },
  }, { size: () => findings.length });
}

const INVERSION = 'order-inversion: ';
const WAIT_CYCLE = 'wait-cycle: ';

// The wait-cycle key of the same cycle as an order-inversion key, or undefined for other kinds.
function waitCycleKeyOf(key: string): string | undefined {
  return key.startsWith(INVERSION) ? WAIT_CYCLE + key.slice(INVERSION.length) : undefined;
}

// `findings` with each order-inversion that is also a logged wait-cycle folded into it.
function merged(findings: readonly Finding[], at: ReadonlyMap<string, number>): readonly Finding[] {
  const folded = new Set<number>();
  for (const f of findings) {
    const twin = waitCycleKeyOf(f.key);
    const i = twin === undefined ? undefined : at.get(twin);
    if (i !== undefined) folded.add(i);
  }
  if (folded.size === 0) return findings;
  const out: Finding[] = [];
  findings.forEach((f, i) => {
    const twin = waitCycleKeyOf(f.key);
    if (twin !== undefined && at.has(twin)) return;
    out.push(folded.has(i) ? { ...f, alsoKinds: ['order-inversion'] } : f);
  });
  return out;
}
