// A compact script of lock events for engine tests, one token per event, e.g.
//   "1:L(A) L(B) U(B) U(A) 2:L(B) L(A:S) T(C) F(C) fork(3) join(3) exit"
// - "N:" before a token switches the current task to tid N (it stays until the next switch);
// - L(x[:MODE]) acquire (MODE: E (default), S, R (SHARED_RECURSIVE), ADD, BLOCK);
//   T(x[:MODE]) successful trylock; F(x[:MODE]) failed trylock; U(x[:MODE]) release;
// - fork(N): the current task forks tid N; join(N): it waits for N; exit: it exits;
// - lock names: "X1".."Z9" (a letter and a digit) are instances of class "X".."Z"; any other
//   name (A, B, …) is its own class (cls ''); a suffix "@n" sets the lockdep subclass.
import type { LockMode, TraceEvent } from '../../src/trace/event.js';

const MODES: Readonly<Record<string, LockMode>> = {
  E: 'EXCLUSIVE', S: 'SHARED', R: 'SHARED_RECURSIVE', ADD: 'ADD', BLOCK: 'BLOCK',
};

const lockIds = new Map<string, bigint>();

/** A stable kernel-looking 64-bit id per lock name (does not fit a JS number, on purpose). */
export function lockIdOf(name: string): bigint {
  let id = lockIds.get(name);
  if (id === undefined) {
    id = 0xffff_8880_0000_0000n + BigInt(lockIds.size + 1) * 0x40n;
    lockIds.set(name, id);
  }
  return id;
}

/** The display string the engine gives a lock of the script. */
export function lockNameOf(name: string): string {
  return lockIdOf(name.split('@')[0]).toString();
}

/** The class the engine gives a lock of the script. */
export function lockClassOf(name: string): string {
  const base = name.split('@')[0];
  return /^[A-Z]\d$/.test(base) ? base[0] : lockNameOf(base);
}

function lockEvent(tid: number, ts: number, op: 'ACQUIRE' | 'RELEASE' | 'TRY_FAILED', arg: string, tryLock: boolean): TraceEvent {
  const [spec, modeName = 'E'] = arg.split(':');
  const [name, sub = '0'] = spec.split('@');
  const mode = MODES[modeName];
  if (mode === undefined) throw new Error(`bad mode in ${arg}`);
  return {
    ts, tid, pid: tid, cpu: 0, comm: `t${tid}`, kind: 'lock',
    lock: { op, lock: lockIdOf(name), cls: /^[A-Z]\d$/.test(name) ? name[0] : '', mode, try: tryLock, subclass: Number(sub) },
  };
}

/** The events of a script, ts 1000 ns apart. */
export function script(text: string): TraceEvent[] {
  let tid = 1;
  return text.trim().split(/\s+/).map((raw, i) => {
    const ts = (i + 1) * 1000;
    const prefixed = /^(\d+):(.*)$/.exec(raw);
    if (prefixed) tid = Number(prefixed[1]);
    const token = prefixed ? prefixed[2] : raw;
    const call = /^(\w+)\(([^)]*)\)$/.exec(token);
    const common = { ts, tid, pid: tid, cpu: 0, comm: `t${tid}` };
    if (token === 'exit') return { ...common, kind: 'exit', exit: {} };
    if (!call) throw new Error(`bad token ${raw}`);
    const [, fn, arg] = call;
    switch (fn) {
      case 'L': return lockEvent(tid, ts, 'ACQUIRE', arg, false);
      case 'T': return lockEvent(tid, ts, 'ACQUIRE', arg, true);
      case 'F': return lockEvent(tid, ts, 'TRY_FAILED', arg, true);
      case 'U': return lockEvent(tid, ts, 'RELEASE', arg, false);
      case 'fork': return { ts, tid: Number(arg), pid: Number(arg), cpu: 0, comm: `t${arg}`, kind: 'task', task: { parentTid: tid, comm: `t${arg}` } };
      case 'join': return { ...common, kind: 'join', join: { joinedTid: Number(arg) } };
      default: throw new Error(`bad token ${raw}`);
    }
  });
}
