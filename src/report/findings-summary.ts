// The closing line of a report: "no deadlocks found", or how many findings of each kind.
import type { Finding, FindingKind } from '../detect/finding.js';

const KIND_ORDER: readonly FindingKind[] = [
  'aa', 'order-inversion', 'wait-cycle', 'bad-unlock', 'coherency', 'held-at-exit', 'destroy-locked',
];

/** Counts distinct findings (after de-duplication), not their occurrences. */
export function findingsSummary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no deadlocks found';
  const parts = KIND_ORDER
    .map((kind) => ({ kind, n: findings.filter((f) => f.kind === kind).length }))
    .filter(({ n }) => n > 0)
    .map(({ kind, n }) => `${kind}: ${n}`);
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}
