// lockdep's "Possible unsafe locking scenario" table (print_circular_lock_scenario(),
// print_deadlock_scenario() in kernel/locking/lockdep.c), with one column per task.
import { assertUnreachable } from '../assert.js';
import type { LockMode } from '../trace/event.js';
import { REPORT_WIDTH, wrapText } from './wrap-text.js';

/** One `lock(X);` row: task column `column` takes lock `name` in `mode`. */
export interface ScenarioStep {
  readonly column: number;
  readonly name: string;
  readonly mode: LockMode;
}

const LEFT = 2;
/** Below this stride a table is unreadable, and the steps are listed one per line instead. */
const MIN_STRIDE = 10;

/**
 * The table's lines for `headers` (one per column, e.g. "ab/17242" or "CPU0") and `steps` in
 * the order that deadlocks. Lock names too wide for their column are replaced by letters, with
 * a "where" legend above the table; every line stays under 80 columns.
 */
export function scenarioTable(headers: readonly string[], steps: readonly ScenarioStep[]): string[] {
  const n = headers.length;
  const stride = Math.floor((REPORT_WIDTH - LEFT) / n);
  if (stride < MIN_STRIDE) return stepList(headers, steps);
  const room = (column: number): number => (column === n - 1 ? REPORT_WIDTH - start(column, stride) : stride - 1);
  const fits = (label: (name: string) => string): boolean =>
    steps.every((s) => cell(s, label(s.name)).length <= room(s.column));

  const aliases = new Map<string, string>();
  for (const s of steps) if (!aliases.has(s.name)) aliases.set(s.name, alias(aliases.size));
  const useAliases = !fits((name) => name);
  if (useAliases && !fits((name) => aliases.get(name) ?? name)) return stepList(headers, steps);

  const lines: string[] = [];
  if (useAliases) {
    lines.push(' where:');
    for (const [name, letter] of aliases) lines.push(...wrapText(name, `  ${letter} = `, '      '));
    lines.push('');
  }
  const headerOffset = n <= 2 ? 5 : 0;
  const heads = headers.map((h, i) => h.slice(0, room(i) - headerOffset));
  lines.push(row(heads.map((h, i) => ({ column: i, text: h })), stride, headerOffset));
  lines.push(row(heads.map((h, i) => ({ column: i, text: '-'.repeat(h.length) })), stride, headerOffset));
  for (const s of steps) {
    lines.push(row([{ column: s.column, text: cell(s, useAliases ? aliases.get(s.name) ?? s.name : s.name) }], stride, 0));
  }
  return lines;
}

/** lockdep writes `lock(X)` and `rlock(X)` for reads; the page-cache lock's states are named. */
function verb(mode: LockMode): string {
  switch (mode) {
    case 'EXCLUSIVE': return 'lock';
    case 'SHARED': return 'rlock';
    case 'SHARED_RECURSIVE': return 'rlock';
    case 'ADD': return 'lock_add';
    case 'BLOCK': return 'lock_block';
    default: return assertUnreachable(mode);
  }
}

function cell(step: ScenarioStep, label: string): string {
  return `${verb(step.mode)}(${label});`;
}

function start(column: number, stride: number): number {
  return LEFT + column * stride;
}

function row(cells: readonly { column: number; text: string }[], stride: number, offset: number): string {
  let line = '';
  for (const c of cells) line = line.padEnd(start(c.column, stride) + offset) + c.text;
  return line;
}

function alias(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `L${i + 1}`;
}

/** Too many tasks for columns: the same steps as "task: lock(X);" lines. */
function stepList(headers: readonly string[], steps: readonly ScenarioStep[]): string[] {
  return steps.flatMap((s) => wrapText(cell(s, s.name), `  ${headers[s.column]}: `, '      '));
}
