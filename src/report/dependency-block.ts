// The text block of a finding made of dependency edges: AA (print_deadlock_bug()), and the
// cycles, lock-order inversion and wait-for (print_circular_bug()), in lockdep's words, with
// both acquisition sites of every edge ("acquired at … while holding …", as bcc's deadlock
// tool puts it) and the unsafe scenario with one column per task.
import { assert } from '../assert.js';
import type { Finding, FindingEdge, FindingLock } from '../detect/finding.js';
import { eventPlace } from './event-place.js';
import { lockName } from './lock-name.js';
import { modeLabel, taskLabel } from './labels.js';
import { type ScenarioStep, scenarioTable } from './scenario-table.js';
import { stackLines } from './stack-lines.js';
import { titleLines } from './title-lines.js';
import { wrapText } from './wrap-text.js';

const ENTRY_INDENT = '       ';
// A wait-cycle whose cycle is also a lock-order inversion (docs/design.md §5: one finding per cycle).
const ALSO_INVERSION = 'this cycle is also a lock-order inversion: the tasks take these locks in '
  + 'opposite orders, so it can deadlock whenever they overlap, not only in this interleaving.';

/** Lines for an `aa`, `order-inversion` or `wait-cycle` finding with at least one edge. */
export function dependencyBlock(finding: Finding): string[] {
  assert(finding.edges.length > 0, `dependencyBlock: ${finding.kind} finding without edges`);
  const name = (l: FindingLock): string => `${lockName(l, finding.semantics)}{${modeLabel(l.mode)}}`;
  const edges = closingLast(finding.edges);
  const closing = edges[edges.length - 1];
  const lines: string[] = [
    ...titleLines(title(finding), finding),
    ...wrapText(`${taskLabel(closing.task.tid, closing.task.comm)} is trying to acquire lock:`),
    ...wrapText(`${name(closing.requested)}, at ${eventPlace(closing.requestedAt)}`, ' ', '   '),
    ...stackLines(closing.requestedAt),
    '',
    'but task is already holding lock:',
    ...wrapText(`${name(closing.held)}, at ${eventPlace(closing.heldAt)}`, ' ', '   '),
    ...stackLines(closing.heldAt),
    '',
  ];
  if (finding.kind === 'aa') {
    lines.push('other info that might help us debug this:', ' Possible unsafe locking scenario:', '');
    lines.push(...scenarioTable([taskLabel(closing.task.tid, closing.task.comm)], [
      step(0, closing.held, finding), step(0, closing.requested, finding),
    ]));
    lines.push('', ' *** DEADLOCK ***', '');
    if (finding.semantics === 'lockdep') lines.push(' May be due to missing lock nesting notation', '');
    return lines;
  }
  const waits = finding.kind === 'wait-cycle';
  lines.push(
    waits ? 'and each task in the chain below waits for the next one.' : 'which lock already depends on the new lock.',
    '',
    '',
    waits ? 'the chain of waiting tasks (in reverse order) is:' : 'the existing dependency chain (in reverse order) is:',
    '',
  );
  if (finding.alsoKinds?.includes('order-inversion') === true) {
    lines.splice(lines.length - 3, 0, ...wrapText(ALSO_INVERSION), '');
  }
  edges.forEach((edge, i) => lines.push(...entry(edges.length - 1 - i, edge, waits ? 'requested' : 'acquired', finding), ''));
  lines.push('other info that might help us debug this:', '');
  if (edges.length >= 3) {
    lines.push('Chain exists of:');
    lines.push(...wrapText(edges.map((e) => lockName(e.held, finding.semantics)).join(' --> '), '  ', '    '));
    lines.push('');
  }
  lines.push(' Possible unsafe locking scenario:', '');
  lines.push(...scenarioTable(headers(edges), scenarioSteps(edges, waits, finding)));
  lines.push('', ' *** DEADLOCK ***', '');
  return lines;
}

function title(finding: Finding): string {
  switch (finding.kind) {
    case 'aa': return 'possible recursive locking detected';
    case 'wait-cycle': return 'circular locking deadlock in this interleaving';
    default: return 'possible circular locking dependency detected';
  }
}

/** The edges rotated so the one whose request came last (the one that closes the cycle) is last. */
function closingLast(edges: readonly FindingEdge[]): readonly FindingEdge[] {
  let last = 0;
  edges.forEach((e, i) => { if (e.requestedAt.index > edges[last].requestedAt.index) last = i; });
  return [...edges.slice(last + 1), ...edges.slice(0, last + 1)];
}

/** `-> #k (lock){mode}:` and where it was taken, while holding what, with both stacks. */
function entry(k: number, edge: FindingEdge, verb: string, finding: Finding): string[] {
  const held = `${lockName(edge.held, finding.semantics)}{${modeLabel(edge.held.mode)}}`;
  const requested = lockName(edge.requested, finding.semantics);
  const lines = wrapText(`-> #${k} (${requested}){${modeLabel(edge.requested.mode)}}:`, '', '     ');
  lines.push(...wrapText(
    `${verb} at ${eventPlace(edge.requestedAt)} by ${taskLabel(edge.task.tid, edge.task.comm)} `
    + `while holding ${held} (acquired at event #${edge.heldAt.index})`, ENTRY_INDENT));
  lines.push(...stackLines(edge.requestedAt));
  if (edge.heldAt.stack !== undefined && edge.heldAt.stack.length > 0) {
    lines.push(...wrapText(`${held} was acquired by the same task here:`, ENTRY_INDENT));
    lines.push(...stackLines(edge.heldAt));
  }
  return lines;
}

/** One column per task, named by comm/tid; CPU0, CPU1… when a task appears on several edges. */
function headers(edges: readonly FindingEdge[]): string[] {
  const distinct = new Set(edges.map((e) => e.task.tid)).size === edges.length;
  return edges.map((e, i) => (distinct ? taskLabel(e.task.tid, e.task.comm) : `CPU${i}`));
}

/**
 * The interleaving that deadlocks. A wait-for cycle happened: its holds and requests in input
 * order. An inversion did not: every task takes its first lock, then every task requests its
 * second.
 */
function scenarioSteps(edges: readonly FindingEdge[], waits: boolean, finding: Finding): ScenarioStep[] {
  if (!waits) {
    return [...edges.map((e, i) => step(i, e.held, finding)), ...edges.map((e, i) => step(i, e.requested, finding))];
  }
  const timed = edges.flatMap((e, i) => [
    { index: e.heldAt.index, step: step(i, e.held, finding) },
    { index: e.requestedAt.index, step: step(i, e.requested, finding) },
  ]);
  return timed.sort((a, b) => a.index - b.index).map((t) => t.step);
}

function step(column: number, lock: FindingLock, finding: Finding): ScenarioStep {
  return { column, name: lockName(lock, finding.semantics), mode: lock.mode };
}
