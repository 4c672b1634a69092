// The warnings a report prints about what the replay could not decide or did not report.
import { MAX_CYCLE_LOCKS, SEARCH_BUDGET } from '../detect/cycle-search.js';
import { QUALIFY_BUDGET } from '../detect/cycle-qualifier.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import { wrapText } from './wrap-text.js';

/** Warning lines for `notes`, each under 80 columns; empty when there is nothing to say. */
export function replayWarnings(notes: ReplayNotes | undefined): string[] {
  if (notes === undefined) return [];
  const lines: string[] = [];
  if (notes.searchStops > 0) {
    lines.push(...wrapText(`${notes.searchStops} cycle search${notes.searchStops === 1 ? ' was' : 'es were'} cut at `
      + `the bound (predictive: ${MAX_CYCLE_LOCKS} locks or ${SEARCH_BUDGET} variants; instance: `
      + `${QUALIFY_BUDGET} variants to qualify a cycle): longer or further cycles may be missing or `
      + 'under-qualified; --semantics instance finds cycles of any length', 'warning: ', '  '));
  }
  if (notes.releasesAfterLoss > 0) {
    lines.push(...wrapText(`${notes.releasesAfterLoss} release${notes.releasesAfterLoss === 1 ? '' : 's'} of locks `
      + 'not known to be held, after lost events, not reported as bad-unlock', 'warning: ', '  '));
  }
  return lines;
}
