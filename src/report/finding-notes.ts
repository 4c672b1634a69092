// The lines a finding block ends with when the analysis has more to say: the qualification of an
// inversion found on instances (instance semantics), the further cycles it stands for, and the
// events lost inside its window.
import { assertUnreachable } from '../assert.js';
import type { Finding, Qualification } from '../detect/finding.js';
import { lockName } from './lock-name.js';
import { wrapText } from './wrap-text.js';

// Note lines for `finding`, ending with a blank line; none when there is nothing to add.
export function findingNotes(finding: Finding): string[] {
  const lines: string[] = [];
  if (finding.qualification !== undefined) {
    lines.push(...wrapText(`qualification: ${finding.qualification}: ${explain(finding.qualification, finding)}`, '', '  '));
  }
  if (finding.moreCycles !== undefined && finding.moreCycles > 0) {
    lines.push(...wrapText(`this cycle stands for at least ${finding.moreCycles} more cycle`
      + `${finding.moreCycles === 1 ? '' : 's'} among the same locks (each closed by a further dependency)`, '', '  '));
  }
  if (finding.lostInWindow !== undefined && finding.lostInWindow > 0) {
    lines.push(...wrapText(`warning: ${finding.lostInWindow} event${finding.lostInWindow === 1 ? ' was' : 's were'} `
      + 'lost between the first and the last event of this finding: it may rest on a state the trace does not show',
    '', '  '));
  }
  return lines.length === 0 ? [] : [...lines, ''];
}

function explain(q: Qualification, finding: Finding): string {
  switch (q) {
    case 'feasible': return 'distinct tasks that could run at once take these locks in a cycle';
    case 'same-task': return 'every cycle of these dependencies needs one task twice; this run cannot '
      + 'deadlock on it, but the code can when two tasks run it';
    case 'fork-join-ordered': return 'thread creation or join orders the dependencies; this run cannot '
      + 'deadlock on it, a change of that order can';
    case 'gate-lock': return `every task holds ${finding.gate === undefined ? 'a common lock' : `gate ${lockName(
      { ...finding.gate, mode: 'EXCLUSIVE' }, finding.semantics)}`} exclusively around its dependency, so the `
      + 'cycle cannot close while the gate is taken';
    default: return assertUnreachable(q);
  }
}
