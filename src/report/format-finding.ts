// One finding as a lockdep-style text block (lines under 80 columns, ending with a blank line).
import { assertUnreachable } from '../assert.js';
import type { Finding } from '../detect/finding.js';
import { badUnlockBlock } from './bad-unlock-block.js';
import { coherencyBlock } from './coherency-block.js';
import { dependencyBlock } from './dependency-block.js';
import { eventLines } from './event-lines.js';
import { findingNotes } from './finding-notes.js';
import { heldLocksBlock } from './held-locks-block.js';
import { lockName } from './lock-name.js';
import { modeLabel } from './labels.js';
import { titleLines } from './title-lines.js';
import { wrapText } from './wrap-text.js';

// Dispatch on the finding kind; a dependency finding without edges is listed plainly.
export function formatFinding(finding: Finding): string[] {
  return [...findingBlock(finding), ...findingNotes(finding)];
}

function findingBlock(finding: Finding): string[] {
  switch (finding.kind) {
    case 'aa':
    case 'order-inversion':
    case 'wait-cycle':
      return finding.edges.length > 0 ? dependencyBlock(finding) : edgelessBlock(finding);
    case 'bad-unlock':
      return badUnlockBlock(finding);
    case 'coherency':
      return coherencyBlock(finding);
    case 'held-at-exit':
    case 'destroy-locked':
      return heldLocksBlock(finding);
    default:
      return assertUnreachable(finding.kind);
  }
}

/** A dependency finding that came without its edges: its locks and events, plainly. */
function edgelessBlock(finding: Finding): string[] {
  return [
    ...titleLines(`${finding.kind} deadlock`, finding),
    'locks:',
    ...finding.locks.flatMap((l) => wrapText(`${lockName(l, finding.semantics)}{${modeLabel(l.mode)}}`, ' ', '   ')),
    'events:',
    ...eventLines(finding),
    '',
  ];
}
