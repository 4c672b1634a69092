// What `faultline show` prints about a trace: header, counts per event kind, tasks, files and
// lost events. `summarize` is a reducer over batches; the summary is a mutable accumulator
// (one per input, updated in place and returned) so a long trace costs no allocation per event.
import { EVENT_KINDS, type Batch, type EventKind, type TraceEvent } from '../trace/event.js';
import { formatDev } from '../trace/dev.js';
import type { InputInfo } from '../trace/input.js';
import { printableText } from '../trace/printable-text.js';
import { formatTs } from './format-ts.js';
import { inputWarnings } from './input-warnings.js';
import { filePath } from './lock-name.js';
import { wrapText } from './wrap-text.js';

// Per task: its pid, comm and how many events it made.
export interface TaskSummary {
  readonly tid: number;
  pid: number;
  /** The last non-empty comm seen (a task's comm changes on exec); '' when never seen. */
  comm: string;
  events: number;
}

// Per file: events that name it (dev is the kernel dev_t); `ops` counts fileOp events on either side.
export interface FileSummary {
  readonly dev: number;
  readonly ino: number;
  dio: number;
  fault: number;
  pagecache: number;
  ops: number;
}

// The accumulator `summarize` fills and `formatSummary` prints.
export interface TraceSummary {
  events: number;
  readonly kinds: Record<EventKind, number>;
  /** Smallest and largest ts seen, ns on the trace clock; undefined before the first event. */
  firstTs: number | undefined;
  lastTs: number | undefined;
  readonly tasks: Map<number, TaskSummary>;
  /** dev → ino → counts; nested so counting needs no key string per event. */
  readonly files: Map<number, Map<number, FileSummary>>;
  /** Sum of the counts of `lost` events (events the collector dropped). */
  lost: number;
}

// A fresh accumulator for `summarize`.
export function emptySummary(): TraceSummary {
  const kinds = {} as Record<EventKind, number>;
  for (const kind of EVENT_KINDS) kinds[kind] = 0;
  return { events: 0, kinds, firstTs: undefined, lastTs: undefined, tasks: new Map(), files: new Map(), lost: 0 };
}

/** Adds `batch` to `summary` in place and returns it (usable with RxJS `scan` or a for-await loop). */
export function summarize(summary: TraceSummary, batch: Batch): TraceSummary {
  for (const event of batch) add(summary, event);
  return summary;
}

function add(s: TraceSummary, event: TraceEvent): void {
  s.events += 1;
  s.kinds[event.kind] += 1;
  if (s.firstTs === undefined || event.ts < s.firstTs) s.firstTs = event.ts;
  if (s.lastTs === undefined || event.ts > s.lastTs) s.lastTs = event.ts;
  let task = s.tasks.get(event.tid);
  if (task === undefined) {
    task = { tid: event.tid, pid: event.pid, comm: '', events: 0 };
    s.tasks.set(event.tid, task);
  }
  task.events += 1;
  task.pid = event.pid;
  const comm = event.kind === 'task' && event.task.comm !== '' ? event.task.comm : event.comm;
  if (comm !== undefined && comm !== '') task.comm = comm;
  switch (event.kind) {
    case 'dioBegin': fileOf(s, event.dioBegin.dev, event.dioBegin.ino).dio += 1; break;
    case 'dioEnd': fileOf(s, event.dioEnd.dev, event.dioEnd.ino).dio += 1; break;
    case 'dioInvalidateFail': fileOf(s, event.dioInvalidateFail.dev, event.dioInvalidateFail.ino).dio += 1; break;
    case 'fault': if (event.fault.source === 'FILE') fileOf(s, event.fault.dev, event.fault.ino).fault += 1; break;
    case 'pagecache': fileOf(s, event.pagecache.dev, event.pagecache.ino).pagecache += 1; break;
    case 'fileOp':
      fileOf(s, event.fileOp.dev, event.fileOp.ino).ops += 1;
      if (event.fileOp.ino2 !== 0) fileOf(s, event.fileOp.dev2, event.fileOp.ino2).ops += 1;
      break;
    case 'lost': s.lost += event.lost.count; break;
    default: break;
  }
}

function fileOf(s: TraceSummary, dev: number, ino: number): FileSummary {
  let byIno = s.files.get(dev);
  if (byIno === undefined) {
    byIno = new Map();
    s.files.set(dev, byIno);
  }
  let file = byIno.get(ino);
  if (file === undefined) {
    file = { dev, ino, dio: 0, fault: 0, pagecache: 0, ops: 0 };
    byIno.set(ino, file);
  }
  return file;
}

/** `show`'s text: header, input, counts per kind, tasks and files tables, lost; under 80 columns. */
export function formatSummary(summary: TraceSummary, info: InputInfo): string {
  const lines = [
    ...wrapText(`${info.path === '-' ? 'stdin' : printableText(info.path)} (${info.format}, ${info.complete ? 'complete' : 'incomplete'}, `
      + `${info.skipped} skipped)`, 'trace: ', '  '),
    ...headerLines(info),
    ...inputWarnings(info),
    '',
    ...wrapText(`${summary.events} events${span(summary)}, ${summary.lost} lost`
      + `${info.lost !== summary.lost ? ` (footer: ${info.lost})` : ''}`),
    '',
    'events per kind:',
    ...EVENT_KINDS.filter((k) => summary.kinds[k] > 0).map((k) => `  ${k.padEnd(18)} ${String(summary.kinds[k]).padStart(10)}`),
    '',
    `tasks: ${summary.tasks.size}`,
    ...taskTable(summary),
    '',
    `files: ${[...summary.files.values()].reduce((n, m) => n + m.size, 0)}`,
    ...fileTable(summary, info),
  ];
  return `${lines.join('\n')}\n`;
}

function headerLines(info: InputInfo): string[] {
  const h = info.header;
  if (h === undefined) return [];
  const started = h.startUnixNs > 0n ? `, started ${new Date(Number(h.startUnixNs / 1_000_000n)).toISOString()}` : '';
  const lines = [
    ...wrapText(printableText(`version ${h.version}, collector ${h.collector || '?'}, host ${h.hostname || '?'}, `
      + `kernel ${h.kernel || '?'}`), 'header: ', '  '),
    ...wrapText(printableText(`clock ${h.clock || '?'}${started}`), '  '),
  ];
  const meta = Object.entries(h.meta).map(([k, v]) => `${k}=${v}`);
  if (meta.length > 0) lines.push(...wrapText(printableText(meta.join(' ')), '  meta: ', '    '));
  return lines;
}

function span(s: TraceSummary): string {
  if (s.firstTs === undefined || s.lastTs === undefined) return '';
  return ` from ${formatTs(s.firstTs)} to ${formatTs(s.lastTs)} (${formatTs(s.lastTs - s.firstTs)} s)`;
}

function taskTable(s: TraceSummary): string[] {
  if (s.tasks.size === 0) return [];
  const rows = [...s.tasks.values()].sort((a, b) => a.tid - b.tid).map((t) =>
    `  ${String(t.tid).padStart(8)} ${String(t.pid).padStart(8)}  ${printableText((t.comm || '?').slice(0, 16)).padEnd(16)} `
    + `${String(t.events).padStart(10)}`);
  return [`  ${'tid'.padStart(8)} ${'pid'.padStart(8)}  ${'comm'.padEnd(16)} ${'events'.padStart(10)}`, ...rows];
}

// The files table; each file's recorded path (when the trace has one) on the line below it.
function fileTable(s: TraceSummary, info: InputInfo): string[] {
  const files = [...s.files.values()].flatMap((m) => [...m.values()])
    .sort((a, b) => a.dev - b.dev || a.ino - b.ino);
  if (files.length === 0) return [];
  const cols = (dev: string, ino: string, counts: readonly string[]): string =>
    `  ${dev.padEnd(10)} ${ino.padStart(12)} ${counts.map((c) => c.padStart(9)).join(' ')}`;
  return [
    cols('dev', 'ino', ['dio', 'fault', 'pagecache', 'fileop']),
    ...files.flatMap((f) => {
      const row = cols(formatDev(f.dev), String(f.ino), [f.dio, f.fault, f.pagecache, f.ops].map(String));
      const file = info.symbols?.fileOf(f.dev, f.ino);
      return file === undefined ? [row] : [row, ...wrapText(filePath(file), '    ', '      ')];
    }),
  ];
}
