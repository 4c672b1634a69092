// The warnings a report prints about what the replay could not decide or did not report.
import { MAX_CYCLE_LOCKS, SEARCH_BUDGET } from '../detect/cycle-search.js';
import { QUALIFY_BUDGET } from '../detect/cycle-qualifier.js';
import { MAX_ORDER_DEPTH } from '../detect/order-graph.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import { wrapText } from './wrap-text.js';

/** Warning lines for `notes`, each under 80 columns after `indent`; empty when there is nothing to say. */
export function replayWarnings(notes: ReplayNotes | undefined, indent = ''): string[] {
  if (notes === undefined) return [];
  const lines: string[] = [];
  if (notes.searchStops > 0) {
    lines.push(...wrapText(`${notes.searchStops} cycle search${notes.searchStops === 1 ? ' was' : 'es were'} cut at `
      + `the bound (predictive: ${MAX_CYCLE_LOCKS} locks or ${SEARCH_BUDGET} variants; instance: `
      + `${QUALIFY_BUDGET} variants to qualify a cycle): longer or further cycles may be missing or `
      + 'under-qualified; --semantics instance finds cycles of any length', `${indent}warning: `, `${indent}  `));
  }
  if (notes.releasesAfterLoss > 0) {
    lines.push(...wrapText(`${notes.releasesAfterLoss} release${notes.releasesAfterLoss === 1 ? '' : 's'} of locks `
      + 'not known to be held, or of operations left open, after lost events, not reported as bad-unlock',
    `${indent}warning: `, `${indent}  `));
  }
  if (notes.deepRequests > 0) {
    lines.push(...wrapText(`${notes.deepRequests} request${notes.deepRequests === 1 ? ' was' : 's were'} made holding more `
      + `than ${MAX_ORDER_DEPTH} locks: each recorded an order edge from the last lock taken only, without `
      + 'gate locks; inversions through the locks held beneath it may be missing', `${indent}warning: `, `${indent}  `));
  }
  return lines;
}
