// RAPID's "std" trace format: `thread|op(arg)|location` per line, location optional, e.g.
// `T1|acq(l1)|12`, `T0|fork(T1)|5`. acq/rel become exclusive lock ops, fork a `task` event of
// the child, join a `join` event; reads and writes (`r(x)`, `w(x)`) are ignored.
// Synthetic values: pid 1 for all, ts = line number * 1000 ns (monotonic), cpu 0.
import type { TraceEvent } from '../trace/event.js';
import type { LineParser } from './line-parser.js';

const LINE_RE = /^([^|]+)\|\s*(\w+)\((.*)\)\s*(?:\|[^|]*)?$/;
const NUMBERED_THREAD_RE = /^T(\d+)$/;
const MAX_TID = 0xffff_ffff;
/** Nanoseconds between two lines' synthetic timestamps. */
export const STD_LINE_NS = 1000;

/** A LineParser for RAPID std lines. */
export function createStdParser(): LineParser {
  const tids = new Map<string, number>();
  const usedTids = new Set<number>();
  let maxTid = -1;
  const locks = new Map<string, bigint>();

  // `T<n>` is tid n unless n is taken; other names get the next tid above every tid seen so far.
  const tidOf = (name: string): number => {
    const known = tids.get(name);
    if (known !== undefined) return known;
    const numbered = NUMBERED_THREAD_RE.exec(name);
    let tid = numbered !== null ? Number(numbered[1]) : Number.NaN;
    if (!(tid <= MAX_TID) || usedTids.has(tid)) tid = maxTid + 1;
    tids.set(name, tid);
    usedTids.add(tid);
    if (tid > maxTid) maxTid = tid;
    return tid;
  };

  // Lock names are interned to ids 1, 2, 3... in order of first appearance.
  const lockOf = (name: string): bigint => {
    let id = locks.get(name);
    if (id === undefined) {
      id = BigInt(locks.size + 1);
      locks.set(name, id);
    }
    return id;
  };

  return {
    parse(line, lineNo) {
      const text = line.trim();
      if (text === '') return undefined;
      const match = LINE_RE.exec(text);
      if (match === null) return { skip: `expected "thread|op(arg)|location", got "${text.slice(0, 60)}"` };
      const thread = match[1].trim();
      const op = match[2];
      const arg = match[3].trim();
      if (op === 'r' || op === 'w') return undefined;
      if (arg === '') return { skip: `${op}() needs an argument` };
      const common = { ts: lineNo * STD_LINE_NS, pid: 1, cpu: 0 };
      switch (op) {
        case 'acq': case 'rel': {
          const event: TraceEvent = {
            ...common,
            tid: tidOf(thread),
            comm: thread,
            kind: 'lock',
            lock: { op: op === 'acq' ? 'ACQUIRE' : 'RELEASE', lock: lockOf(arg), cls: arg, mode: 'EXCLUSIVE', try: false, subclass: 0, name: arg },
          };
          return event;
        }
        case 'fork': {
          const parentTid = tidOf(thread);
          return { ...common, tid: tidOf(arg), comm: arg, kind: 'task', task: { parentTid, comm: arg } };
        }
        case 'join': {
          const tid = tidOf(thread);
          return { ...common, tid, comm: thread, kind: 'join', join: { joinedTid: tidOf(arg) } };
        }
        default:
          return { skip: `unknown operation "${op}" (expected acq, rel, fork, join, r or w)` };
      }
    },
  };
}
