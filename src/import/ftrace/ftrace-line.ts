// The common part of one ftrace text line: task, TGID, CPU, timestamp, and what follows.
//
// Shapes read (kernel/trace/trace_output.c print_trace_fmt, and trace-cmd report):
//   `  comm-tid (  tgid) [cpu] flags   secs.usecs: rest`   record-tgid on; `(-------)` = unknown
//   `  comm-tid [cpu] flags   secs.usecs: rest`            record-tgid off
//   the flags column (irqs-off/need-resched/hardirq/preempt/migrate, 4 or 5 chars) may be absent;
//   timestamps have 6 (trace, trace_pipe) or 9 (trace-cmd report -t) fractional digits.
// The comm may contain spaces and dashes: the tid follows the LAST '-' before the spaces and
// the TGID or CPU column.
//
// LINE is the definition. Lines are read by hand from their first '[' (the CPU column when the
// comm holds none), in place in the text they came in and in its char-bytes; a line that does
// not read that way, or where a longer comm could also fit, is matched against LINE.
import { lineBytesOf } from '../char-bytes.js';
import {
  createByteFinder, isSpaceByte, readDecimalBytes, skipNonSpaceBytes, skipSpaceBytes,
} from './byte-scan.js';
import { isDigit, scanned } from './ftrace-scan.js';

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

/** An FtraceLine read in place (by readFtraceLine, reused line after line): the rest is text[restStart, end). */
export interface FtraceLineHead {
  comm: string | undefined;
  tid: number;
  tgid: number | undefined;
  cpu: number;
  ts: number;
  restStart: number;
  /** Each tid's last comm, so a line's comm is cut out only when it changed. */
  readonly comms: Map<number, string>;
}

const LINE =
  /^\s*(.{1,64})-(\d+)\s+(?:\(\s*(\d+|-+)\)\s+)?\[(\d+)\]\s+(?:\S{4,5}\s+)?(\d+)\.(\d{6}|\d{9}):\s+(.*)$/;
const MAX_COMM = 64;
const DASH = 0x2d;
const BRACKET = 0x5b;
const findReturn = createByteFinder(0x0d);

/** A head for readFtraceLine. */
export function createFtraceLineHead(): FtraceLineHead {
  return { comm: undefined, tid: 0, tgid: undefined, cpu: 0, ts: 0, restStart: 0, comms: new Map() };
}

/** Splits an event line; undefined when the line does not have the shape above. */
export function parseFtraceLine(line: string): FtraceLine | undefined {
  const head = createFtraceLineHead();
  if (!readFtraceLine(line, 0, line.length, head, lineBytesOf(line))) return undefined;
  return { comm: head.comm, tid: head.tid, tgid: head.tgid, cpu: head.cpu, ts: head.ts, rest: line.slice(head.restStart) };
}

/**
 * Reads the line text[start, end) into `head`; false when it does not have the shape above.
 * `bytes`: text's char-bytes, at the same positions (the line is read by hand then, else by
 * LINE alone; the line's bytes hold no '\n': see lineBytesOf); `first`: where its leading
 * spaces end, when known.
 */
export function readFtraceLine(
  text: string, start: number, end: number, head: FtraceLineHead, bytes?: Uint8Array, first?: number,
): boolean {
  return (bytes !== undefined && scanLine(bytes, text, first ?? skipSpaceBytes(bytes, start, end), end, head)) ||
    matchLine(text, start, end, head);
}

function matchLine(text: string, start: number, end: number, head: FtraceLineHead): boolean {
  const m = LINE.exec(start === 0 && end === text.length ? text : text.slice(start, end));
  if (m === null) return false;
  const [, comm, tid, tgid, cpu, secs, frac, rest] = m;
  // Seconds * 1e9 stays exact below 2^53 ns (104 days of uptime); the fraction is 6 or 9 digits.
  const fracNs = frac.length === 6 ? Number(frac) * 1000 : Number(frac);
  head.comm = comm === '<...>' ? undefined : comm;
  head.tid = Number(tid);
  head.tgid = tgid === undefined || tgid.startsWith('-') ? undefined : Number(tgid);
  head.cpu = Number(cpu);
  head.ts = Number(secs) * 1e9 + fracNs;
  head.restStart = end - rest.length;
  return true;
}

/**
 * LINE read by hand from the line's first non-space, `commStart`, in `bytes` (text's
 * char-bytes); false when the line is not in its plain form (LINE then decides).
 */
export function scanLine(bytes: Uint8Array, text: string, commStart: number, end: number, head: FtraceLineHead): boolean {
  let bracket = commStart;
  while (bracket < end && bytes[bracket] !== BRACKET) bracket++;
  if (bracket === end) return false;

  // Backwards from the CPU column: spaces, an optional `(  tgid)` and spaces, `-tid`.
  let i = bracket - 1;
  if (i < commStart || !isSpaceByte(bytes[i])) return false;
  while (i >= commStart && isSpaceByte(bytes[i])) i--;
  let tgid: number | undefined;
  if (i >= commStart && bytes[i] === 0x29) {
    const close = i--;
    const dashes = bytes[i] === DASH;
    if (dashes) while (i >= commStart && bytes[i] === DASH) i--;
    else while (i >= commStart && isDigit(bytes[i])) i--;
    if (i === close - 1) return false;
    const valueStart = i + 1;
    while (i >= commStart && isSpaceByte(bytes[i])) i--;
    if (i < commStart || bytes[i] !== 0x28) return false;
    if (!dashes) {
      readDecimalBytes(bytes, text, valueStart, close);
      tgid = scanned.value;
    }
    i--;
    if (i < commStart || !isSpaceByte(bytes[i])) return false;
    while (i >= commStart && isSpaceByte(bytes[i])) i--;
  }
  const tidEnd = i + 1;
  while (i >= commStart && isDigit(bytes[i])) i--;
  if (i === tidEnd - 1 || i <= commStart || bytes[i] !== DASH) return false;
  const dash = i;
  // No line terminator in the line: LINE reads one between the columns as a space, but not
  // in the comm or the rest; lines with one are left to it. The line's bytes hold no '\n', and
  // hold U+2028 and U+2029 as '\r'.
  if (dash - commStart > MAX_COMM || findReturn(bytes, commStart, end) >= 0) return false;
  readDecimalBytes(bytes, text, dash + 1, tidEnd);
  const tid = scanned.value;

  // Forwards: `cpu]`, spaces, optional 4-5 character flags and spaces, `secs.frac:`, spaces.
  let pos = readDecimalBytes(bytes, text, bracket + 1, end);
  if (pos < 0 || bytes[pos] !== 0x5d) return false;
  const cpu = scanned.value;
  let next = skipSpaceBytes(bytes, pos + 1, end);
  if (next === pos + 1) return false;
  const tokenEnd = skipNonSpaceBytes(bytes, next, end);
  const tokenLength = tokenEnd - next;
  if ((tokenLength === 4 || tokenLength === 5) && tokenEnd < end) next = skipSpaceBytes(bytes, tokenEnd, end);
  pos = readDecimalBytes(bytes, text, next, end);
  if (pos < 0 || bytes[pos] !== 0x2e) return false;
  const secs = scanned.value;
  const fracStart = pos + 1;
  pos = readDecimalBytes(bytes, text, fracStart, end);
  const fracDigits = pos - fracStart;
  if (pos < 0 || (fracDigits !== 6 && fracDigits !== 9) || pos === end || bytes[pos] !== 0x3a) return false;
  const fracNs = fracDigits === 6 ? scanned.value * 1000 : scanned.value;
  const restStart = skipSpaceBytes(bytes, pos + 1, end);
  if (restStart === pos + 1) return false;

  // A later `-digits ... [` within reach of a 64-character comm could make a longer comm fit.
  // It could start in the rest only: in the flags, `-digits` and spaces would be followed by
  // the timestamp, not by `(` or `[`.
  const later = find(bytes, DASH, restStart, Math.min(end, commStart + MAX_COMM + 1));
  if (later >= 0 && find(bytes, BRACKET, later + 1, end) >= 0) return false;

  head.comm = commOf(text, commStart, dash, tid, head.comms);
  head.tid = tid;
  head.tgid = tgid;
  head.cpu = cpu;
  head.ts = secs * 1e9 + fracNs;
  head.restStart = restStart;
  return true;
}

// The first `code` in bytes[from, to), or -1.
function find(bytes: Uint8Array, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === code) return i;
  return -1;
}

// text[start, end) as the comm of `tid`: the string seen last for it when the same (so a
// line's comm is cut out only when its task is new or renamed).
function commOf(text: string, start: number, end: number, tid: number, comms: Map<number, string>): string | undefined {
  const known = comms.get(tid);
  const comm = known !== undefined && known.length === end - start && text.startsWith(known, start) ? known : text.slice(start, end);
  if (comm !== known) comms.set(tid, comm);
  return comm === '<...>' ? undefined : comm;
}
