// Reads ftrace text (trace_pipe, the `trace` file, trace-cmd report) into faultline events.
//
// Per-task state: the syscall a tid is in (for a DIO's direction and user buffer) and each
// tid's TGID, learned from the TGID column. Lines of unknown events and lines whose fields do
// not have the kernel's shape are skipped with a reason; comments, headers and syscall lines
// (state only) read as undefined.
import type { EventBody, EventCommon, TraceEvent } from '../../trace/event.js';
import type { LineParser, LineResult } from '../line-parser.js';
import { BODY_PARSERS } from './ftrace-event-body.js';
import { KIOCB_FLAGS } from './ftrace-flags.js';
import { parseFtraceLine, type FtraceLine } from './ftrace-line.js';
import { parseSyscallLine } from './ftrace-syscall.js';

export interface FtraceParserStats {
  /** DIOs whose direction came from no syscall and no WRITE flag: recorded as writes. */
  directionUnknown: number;
}

export interface FtraceParser extends LineParser {
  readonly stats: Readonly<FtraceParserStats>;
}

type Direction = 'read' | 'write';

/** The syscall a task is in; `buf` is its user buffer, 0n for vectored I/O. */
interface OpenSyscall { readonly name: string; readonly direction: Direction | undefined; readonly buf: bigint }

const DIRECTION: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['pwrite64', 'write'], ['write', 'write'], ['pwritev', 'write'], ['pwritev2', 'write'],
  ['pread64', 'read'], ['read', 'read'], ['preadv', 'read'], ['preadv2', 'read'],
]);
const WITH_BUF: ReadonlySet<string> = new Set(['pwrite64', 'write', 'pread64', 'read']);

const FORK = /^comm=(.*) pid=(\d+) child_comm=(.*) child_pid=(\d+)/;
const EXIT = /^comm=(.*) pid=(\d+) prio=/;
const EVENT = /^(\w+):\s*(.*)$/;
// `CPU:1 [LOST 42 EVENTS]` (trace_pipe, trace) and `CPU:1 [42 EVENTS DROPPED]` (trace-cmd).
const LOST = /^CPU:\s*(\d+) \[(?:LOST (\d+) EVENTS|(\d+) EVENTS DROPPED)\]/;
// trace-cmd report's preamble: `cpus=2`, `version = 6`, `CPU 0 is empty`, `CPU0 data recorded…`.
const REPORT_HEADER = /^(?:cpus=\d+|version = \S+|CPU ?\d+ (?:is empty|data recorded)|trace-cmd: )/;

/** A parser for one ftrace text input, read from its first line. */
export function createFtraceParser(): FtraceParser {
  const syscalls = new Map<number, OpenSyscall>();
  const tgids = new Map<number, number>();
  const stats: FtraceParserStats = { directionUnknown: 0 };
  let lastTs = 0;

  function common(line: FtraceLine): EventCommon {
    if (line.tgid !== undefined) tgids.set(line.tid, line.tgid);
    const pid = line.tgid ?? tgids.get(line.tid) ?? line.tid;
    return line.comm === undefined
      ? { ts: line.ts, tid: line.tid, pid, cpu: line.cpu }
      : { ts: line.ts, tid: line.tid, pid, cpu: line.cpu, comm: line.comm };
  }

  function syscall(line: FtraceLine): boolean {
    const call = parseSyscallLine(line.rest);
    if (call === undefined) return false;
    if (line.tgid !== undefined) tgids.set(line.tid, line.tgid);
    if (call.phase === 'exit') {
      syscalls.delete(line.tid);
      return true;
    }
    const buf = WITH_BUF.has(call.name) ? call.args.get('buf') ?? 0n : 0n;
    syscalls.set(line.tid, { name: call.name, direction: DIRECTION.get(call.name), buf });
    return true;
  }

  // The direction of a DIO: IOCB_WRITE when the kernel set it (aio, io_uring), else the
  // enclosing syscall; none known is a write, and counted.
  function withSyscall(body: EventBody & { kind: 'dioBegin' }, tid: number): EventBody {
    const open = syscalls.get(tid);
    let write: boolean;
    if ((body.dioBegin.flags & KIOCB_FLAGS.WRITE) !== 0) write = true;
    else if (open?.direction !== undefined) write = open.direction === 'write';
    else {
      write = true;
      stats.directionUnknown++;
    }
    return { kind: 'dioBegin', dioBegin: { ...body.dioBegin, write, buf: open?.buf ?? 0n } };
  }

  function taskEvent(line: FtraceLine, name: string, fields: string): LineResult {
    if (name === 'sched_process_fork') {
      const m = FORK.exec(fields);
      if (m === null) return { skip: `sched_process_fork: expected "comm= pid= child_comm= child_pid=", got "${fields}"` };
      const tid = Number(m[4]);
      const c = common(line);
      return {
        ts: c.ts, tid, pid: tgids.get(tid) ?? tid, cpu: c.cpu, comm: m[3],
        kind: 'task', task: { parentTid: Number(m[2]), comm: m[3] },
      };
    }
    const m = EXIT.exec(fields);
    if (m === null) return { skip: `sched_process_exit: expected "comm= pid= prio=", got "${fields}"` };
    return { ...common(line), kind: 'exit', exit: {} };
  }

  function parse(text: string): LineResult {
    const raw = text.trim();
    if (raw === '' || raw.startsWith('#') || REPORT_HEADER.test(raw)) return undefined;
    const lost = LOST.exec(raw);
    if (lost !== null) {
      const count = Number(lost[2] ?? lost[3]);
      return { ts: lastTs, tid: 0, pid: 0, cpu: Number(lost[1]), kind: 'lost', lost: { count, source: 'ftrace' } };
    }
    const line = parseFtraceLine(text);
    if (line === undefined) return { skip: 'not an ftrace event line' };
    lastTs = line.ts;
    if (syscall(line)) return undefined;
    const event = EVENT.exec(line.rest);
    if (event === null) return { skip: `expected "event: fields", got "${line.rest}"` };
    const [, name, fields] = event;
    if (name === 'sched_process_fork' || name === 'sched_process_exit') return taskEvent(line, name, fields);
    const read = BODY_PARSERS.get(name);
    if (read === undefined) return { skip: `unknown event "${name}"` };
    const body = read(fields);
    if (body === undefined) return { skip: `${name}: fields not in the kernel's format: "${fields}"` };
    const dio = body.kind === 'dioBegin' ? withSyscall(body, line.tid) : body;
    const result: TraceEvent = { ...common(line), ...dio };
    return result;
  }

  return { stats, parse: (line) => parse(line) };
}
