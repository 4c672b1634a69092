// The tasks of the lock-state model: what each holds and waits for; waiting tasks first, then the
// ones holding most. A window of `rows` lines starting at `offset`, each cut to `width`.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { SnapshotTask } from '../replay/engine-snapshot.js';
import { fit, truncate } from './fit-text.js';
import { printableText } from '../trace/printable-text.js';
import { lockLabel } from './lock-label.js';

const TID_WIDTH = 7;
/** TASK_COMM_LEN is 16 with the NUL; narrow terminals get 8 columns of it. */
const COMM_WIDTH = 15;
const NARROW_COMM_WIDTH = 8;
const NARROW = 72;

// Waiting tasks first, then by most locks held, then by tid.
export function sortTasks(tasks: readonly SnapshotTask[]): readonly SnapshotTask[] {
  const waiting = (t: SnapshotTask): number => (t.waitingFor === undefined ? 1 : 0);
  return [...tasks].sort((a, b) => waiting(a) - waiting(b) || b.held.length - a.held.length || a.tid - b.tid);
}

// The first task row a window of `visible` rows may start at, for `count` tasks.
export function clampOffset(offset: number, count: number, visible: number): number {
  return Math.max(0, Math.min(offset, count - visible));
}

interface Columns { readonly comm: number; readonly held: number; readonly waiting: number }

// The held column takes what the waiting column (its longest label, at most half) leaves.
function columns(width: number, waitingLabels: readonly string[]): Columns {
  const comm = width < NARROW ? NARROW_COMM_WIDTH : COMM_WIDTH;
  const rest = Math.max(0, width - TID_WIDTH - comm - 3);
  const longest = Math.max('WAITING FOR'.length, ...waitingLabels.map((l) => l.length));
  const waiting = Math.min(longest, Math.floor(rest / 2));
  return { comm, held: Math.max(4, rest - waiting), waiting };
}

function row(cells: readonly [string, string, string, string], cols: Columns, width: number): string {
  const [tid, comm, held, waiting] = cells;
  const line = `${fit(tid, TID_WIDTH, 'right')} ${fit(comm, cols.comm)} ${fit(held, cols.held)} ${waiting}`;
  return truncate(line.trimEnd(), width);
}

export interface TaskTableProps {
  readonly tasks: readonly SnapshotTask[];
  readonly width: number;
  /** Lines available, the column header included. */
  readonly rows: number;
  /** Index of the first task shown, in sorted order. */
  readonly offset: number;
}

export function TaskTable({ tasks, width, rows, offset }: TaskTableProps): ReactElement {
  const body = Math.max(0, rows - 1);
  const scrolls = tasks.length > body;
  const visible = scrolls ? Math.max(0, body - 1) : body;
  const start = clampOffset(offset, tasks.length, visible);
  const shown = sortTasks(tasks).slice(start, start + visible);
  const cells = shown.map((t): [string, string, string, string] => [
    String(t.tid),
    printableText(t.comm ?? ''),
    t.held.map(lockLabel).join(', ') || '-',
    t.waitingFor === undefined ? '-' : lockLabel(t.waitingFor),
  ]);
  const cols = columns(width, cells.map((c) => c[3]));
  return (
    <Box flexDirection="column" height={rows} overflow="hidden">
      <Text bold>{row(['TID', 'COMM', 'HELD', 'WAITING FOR'], cols, width)}</Text>
      {tasks.length === 0 && body > 0 ? <Text dimColor>{truncate('no tasks hold or wait for a lock', width)}</Text> : undefined}
      {shown.map((t, i) => (
        <Text key={t.tid} color={t.waitingFor === undefined ? undefined : 'yellow'}>
          {row(cells[i], cols, width)}
        </Text>
      ))}
      {scrolls && body > 0 ? (
        <Text dimColor>{truncate(`tasks ${start + 1}–${start + shown.length} of ${tasks.length} (pgup/pgdn)`, width)}</Text>
      ) : undefined}
    </Box>
  );
}
