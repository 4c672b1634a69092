// Reads ftrace text (trace_pipe, the `trace` file, trace-cmd report) into faultline events.
//
// Per-task state: the syscall a tid is in (for a DIO's direction and user buffer) and each
// tid's TGID, learned from the TGID column. Lines of unknown events and lines whose fields do
// not have the kernel's shape are skipped with a reason; comments, headers and syscall lines
// (state only) read as undefined.
import type { EventBody, TraceEvent } from '../../trace/event.js';
import type { LineParser, LineResult } from '../line-parser.js';
import { withGetters } from '../../with-getters.js';
import { lineBytesOf } from '../char-bytes.js';
import { skipLiteralBytes, skipSpaceBytes, skipWordBytes } from './byte-scan.js';
import { BODY_PARSERS, type BodyParser } from './ftrace-event-body.js';
import { ftraceEventOf } from '../../kernel/ftrace-event-of.js';
import { createFtraceLineHead, readFtraceLine } from './ftrace-line.js';
import { scanSyscallLine, syscallArg } from './ftrace-syscall.js';
import { createSyscallState, SYSCALLS_WITH_BUF } from '../../kernel/ftrace-syscall-state.js';

export interface FtraceParserStats {
  /** DIOs whose direction came from no syscall and no WRITE flag: recorded as writes. */
  directionUnknown: number;
}

export interface FtraceParser extends LineParser {
  readonly stats: Readonly<FtraceParserStats>;
  parseAt(text: string, start: number, end: number, lineNo: number, bytes?: Uint8Array): LineResult;
}

const FORK = /^comm=(.*) pid=(\d+) child_comm=(.*) child_pid=(\d+)/;
const EXIT = /^comm=(.*) pid=(\d+) prio=/;
// `CPU:1 [LOST 42 EVENTS]` (trace_pipe, trace) and `CPU:1 [42 EVENTS DROPPED]` (trace-cmd).
const LOST = /^CPU:\s*(\d+) \[(?:LOST (\d+) EVENTS|(\d+) EVENTS DROPPED)\]/;
// trace-cmd report's preamble: `cpus=2`, `version = 6`, `CPU 0 is empty`, `CPU0 data recorded…`.
const REPORT_HEADER = /^(?:cpus=\d+|version = \S+|CPU ?\d+ (?:is empty|data recorded)|trace-cmd: )/;
// The first characters of REPORT_HEADER and LOST lines: c, v, C, t.
const HEADER_INITIALS: ReadonlySet<number> = new Set([0x63, 0x76, 0x43, 0x74]);
const HASH = 0x23;
const COLON = 0x3a;
// sched_process_exec only renames the task, which the comm column of later lines shows.
const TASK_EVENTS: readonly string[] = ['sched_process_fork', 'sched_process_exit', 'sched_process_exec'];
// Every event name read, so a line's name is found without cutting it out.
const EVENT_NAMES: readonly string[] = [...BODY_PARSERS.keys(), ...TASK_EVENTS];
// The events read, each with its body reader (undefined for a task event), and by their names'
// length, first and last characters: the few a word of that shape can spell.
interface KnownEvent {
  readonly index: number;
  readonly name: string;
  readonly body: BodyParser | undefined;
}
const KNOWN_EVENTS: readonly KnownEvent[] = EVENT_NAMES.map((name, index) => ({ index, name, body: BODY_PARSERS.get(name) }));
const shapeOf = (length: number, first: number, last: number): number => length * 0x10000 + first * 0x100 + last;
const EVENTS_BY_SHAPE = new Map<number, KnownEvent[]>();
for (const known of KNOWN_EVENTS) {
  const { name } = known;
  const shape = shapeOf(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1));
  EVENTS_BY_SHAPE.set(shape, [...(EVENTS_BY_SHAPE.get(shape) ?? []), known]);
}
const NO_EVENTS: readonly KnownEvent[] = [];

/** A parser for one ftrace text input, read from its first line. */
export function createFtraceParser(): FtraceParser {
  const syscalls = createSyscallState();
  const tgids = new Map<number, number>();
  const stats: FtraceParserStats = withGetters({}, { directionUnknown: () => syscalls.directionUnknown });
  const line = createFtraceLineHead();
  let lastTs = 0;
  // The event read last, and the one that followed each event the last time.
  let lastEvent = KNOWN_EVENTS[0];
  const following: (KnownEvent | undefined)[] = KNOWN_EVENTS.map(() => undefined);

  // The known event the word bytes[start, end) spells, or undefined.
  function eventOfWord(bytes: Uint8Array, start: number, end: number): KnownEvent | undefined {
    const events = EVENTS_BY_SHAPE.get(shapeOf(end - start, bytes[start], bytes[end - 1])) ?? NO_EVENTS;
    for (let i = 0; i < events.length; i++) {
      if (skipLiteralBytes(bytes, start, end, events[i].name) >= 0) return events[i];
    }
    return undefined;
  }

  // Where the name of `known` ends when the rest bytes[rest, end) starts with it and ':', else -1.
  function nameEndOf(known: KnownEvent, bytes: Uint8Array, rest: number, end: number): number {
    const nameEnd = rest + known.name.length;
    return nameEnd < end && bytes[nameEnd] === COLON && skipLiteralBytes(bytes, rest, end, known.name) >= 0 ? nameEnd : -1;
  }

  // The event of the rest text[rest, end): the last event, or the one that followed it the last
  // time, are tried first (lines come in runs of one event, or in cycles: mmap_lock's start,
  // acquire and release). Sets lastEvent; the end of its name, or a line result.
  function eventAt(text: string, rest: number, end: number, bytes: Uint8Array): number | LineResult {
    let nameEnd = nameEndOf(lastEvent, bytes, rest, end);
    if (nameEnd >= 0) return nameEnd;
    const next = following[lastEvent.index];
    nameEnd = next === undefined ? -1 : nameEndOf(next, bytes, rest, end);
    if (nameEnd >= 0) {
      lastEvent = next!;
      return nameEnd;
    }
    if (syscall(text, rest, end)) return undefined;
    // `event: fields` (/^(\w+):\s*(.*)$/; the rest holds no line terminator).
    nameEnd = skipWordBytes(bytes, rest, end);
    if (nameEnd === rest || nameEnd === end || bytes[nameEnd] !== COLON) {
      return { skip: `expected "event: fields", got "${text.slice(rest, end)}"` };
    }
    const known = eventOfWord(bytes, rest, nameEnd);
    if (known === undefined) return { skip: `unknown event "${text.slice(rest, nameEnd)}"` };
    following[lastEvent.index] = known;
    lastEvent = known;
    return nameEnd;
  }

  function pidOf(): number {
    if (line.tgid !== undefined && tgids.get(line.tid) !== line.tgid) tgids.set(line.tid, line.tgid);
    return line.tgid ?? tgids.get(line.tid) ?? line.tid;
  }

  // The event of the line read carrying `body`.
  function eventOf(body: EventBody): TraceEvent {
    return ftraceEventOf(line.ts, line.tid, pidOf(), line.cpu, line.comm, body);
  }

  // A syscall line's state; false when the rest text[start, end) is no syscall line.
  function syscall(text: string, start: number, end: number): boolean {
    const call = scanSyscallLine(text, start, end);
    if (call === undefined) return false;
    if (line.tgid !== undefined) tgids.set(line.tid, line.tgid);
    if (call.phase === 'exit') {
      syscalls.exit(line.tid);
      return true;
    }
    // Text has no fds, so its syscalls make no file operations: only the buffer is read.
    const buf = SYSCALLS_WITH_BUF.has(call.name) ? syscallArg(text, call.argsStart, call.argsEnd, 'buf') : undefined;
    syscalls.enter(line.tid, pidOf(), call.name, line.ts, (name) => (name === 'buf' ? buf : undefined));
    return true;
  }

  function taskEvent(name: string, fields: string): LineResult {
    if (name === 'sched_process_fork') {
      const m = FORK.exec(fields);
      if (m === null) return { skip: `sched_process_fork: expected "comm= pid= child_comm= child_pid=", got "${fields}"` };
      pidOf();
      const tid = Number(m[4]);
      return ftraceEventOf(line.ts, tid, tgids.get(tid) ?? tid, line.cpu, m[3], { kind: 'task', task: { parentTid: Number(m[2]), comm: m[3] } });
    }
    if (name === 'sched_process_exec') {
      pidOf();
      return undefined;
    }
    const m = EXIT.exec(fields);
    if (m === null) return { skip: `sched_process_exit: expected "comm= pid= prio=", got "${fields}"` };
    return eventOf({ kind: 'exit', exit: {} });
  }

  // Blank lines, comments, trace-cmd's preamble and lost-events lines as what they read as,
  // an event line as its first non-space position: the first character tells them apart
  // (those RegExps run only for lines starting with c, v, C or t).
  function nonEvent(text: string, start: number, end: number, bytes: Uint8Array): LineResult | number {
    const first = skipSpaceBytes(bytes, start, end);
    if (first === end || bytes[first] === HASH) return undefined;
    if (!HEADER_INITIALS.has(bytes[first])) return first;
    const raw = text.slice(start, end).trim();
    if (REPORT_HEADER.test(raw)) return undefined;
    const lost = LOST.exec(raw);
    if (lost === null) return first;
    const count = Number(lost[2] ?? lost[3]);
    return { ts: lastTs, tid: 0, pid: 0, cpu: Number(lost[1]), kind: 'lost', lost: { count, source: 'ftrace' } };
  }

  // The line text[start, end), read in place from `bytes`, text's char-bytes; without them, the
  // line is cut out and read from its own.
  function parseAt(text: string, start: number, end: number, lineNo: number, bytes?: Uint8Array): LineResult {
    if (bytes === undefined) {
      const line = start === 0 && end === text.length ? text : text.slice(start, end);
      return parseAt(line, 0, line.length, lineNo, lineBytesOf(line));
    }
    const first = nonEvent(text, start, end, bytes);
    if (typeof first !== 'number') return first;
    if (!readFtraceLine(text, start, end, line, bytes, first)) return { skip: 'not an ftrace event line' };
    lastTs = line.ts;
    const nameEnd = eventAt(text, line.restStart, end, bytes);
    if (typeof nameEnd !== 'number') return nameEnd;
    const fieldsStart = skipSpaceBytes(bytes, nameEnd + 1, end);
    const { name, body: read } = lastEvent;
    if (read === undefined) return taskEvent(name, text.slice(fieldsStart, end));
    const body = read(bytes, text, fieldsStart, end);
    if (body === undefined) return { skip: `${name}: fields not in the kernel's format: "${text.slice(fieldsStart, end)}"` };
    return eventOf(body.kind === 'dioBegin' ? syscalls.dioBegin(body, line.tid) : body);
  }

  return { stats, parse: (text, lineNo) => parseAt(text, 0, text.length, lineNo), parseAt };
}
