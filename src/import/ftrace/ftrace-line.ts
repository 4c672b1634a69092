// The common part of one ftrace text line: task, TGID, CPU, timestamp, and what follows.
//
// Shapes read (kernel/trace/trace_output.c print_trace_fmt, and trace-cmd report):
//   `  comm-tid (  tgid) [cpu] flags   secs.usecs: rest`   record-tgid on; `(-------)` = unknown
//   `  comm-tid [cpu] flags   secs.usecs: rest`            record-tgid off
//   the flags column (irqs-off/need-resched/hardirq/preempt/migrate, 4 or 5 chars) may be absent;
//   timestamps have 6 (trace, trace_pipe) or 9 (trace-cmd report -t) fractional digits.
// The comm may contain spaces and dashes: the tid follows the LAST '-' before the spaces and
// the TGID or CPU column.

export interface FtraceLine {
  /** undefined for `<...>` (the comm was not saved). */
  readonly comm: string | undefined;
  readonly tid: number;
  /** undefined without the TGID column or when it reads `(-------)`. */
  readonly tgid: number | undefined;
  readonly cpu: number;
  /** Nanoseconds on the trace clock. */
  readonly ts: number;
  /** `event: fields`, or a kernel syscall line `sys_x(args)` / `sys_x -> ret`. */
  readonly rest: string;
}

const LINE =
  /^\s*(.{1,64})-(\d+)\s+(?:\(\s*(\d+|-+)\)\s+)?\[(\d+)\]\s+(?:\S{4,5}\s+)?(\d+)\.(\d{6}|\d{9}):\s+(.*)$/;

/** Splits an event line; undefined when the line does not have the shape above. */
export function parseFtraceLine(line: string): FtraceLine | undefined {
  const m = LINE.exec(line);
  if (m === null) return undefined;
  const [, comm, tid, tgid, cpu, secs, frac, rest] = m;
  // Seconds * 1e9 stays exact below 2^53 ns (104 days of uptime); the fraction is 6 or 9 digits.
  const fracNs = frac.length === 6 ? Number(frac) * 1000 : Number(frac);
  return {
    comm: comm === '<...>' ? undefined : comm,
    tid: Number(tid),
    tgid: tgid === undefined || tgid.startsWith('-') ? undefined : Number(tgid),
    cpu: Number(cpu),
    ts: Number(secs) * 1e9 + fracNs,
    rest,
  };
}
