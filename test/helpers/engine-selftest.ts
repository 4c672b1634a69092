// The kernel's lib/locking-selftest.c cases in engine-script form (engine-script.ts).
// Lock macros as in that file: L/U raw spinlock, WL/WU write_lock, RL/RU read_lock (recursive
// read), ML/MU mutex, WSL/WSU down_write, RSL/RSU down_read; LOCK/UNLOCK take the mode of the
// case's lock type, and LOCK_UNLOCK_2(x,y) is LOCK(x) LOCK(y) UNLOCK(y) UNLOCK(x).
// A, B, C, D are locks of their own class; X1, X2 share class X (Y1, Z1: classes Y, Z).

export type SelftestLockType = 'spin' | 'wlock' | 'rlock' | 'mutex' | 'wsem' | 'rsem';
export const SELFTEST_LOCK_TYPES: readonly SelftestLockType[] = ['spin', 'wlock', 'rlock', 'mutex', 'wsem', 'rsem'];

const TYPE_MODE: Readonly<Record<SelftestLockType, string>> = {
  spin: 'E', wlock: 'E', rlock: 'R', mutex: 'E', wsem: 'E', rsem: 'S',
};

const MACROS: Readonly<Record<string, readonly [string, string]>> = {
  L: ['L', 'E'], U: ['U', 'E'], WL: ['L', 'E'], WU: ['U', 'E'], RL: ['L', 'R'], RU: ['U', 'R'],
  ML: ['L', 'E'], MU: ['U', 'E'], WSL: ['L', 'E'], WSU: ['U', 'E'], RSL: ['L', 'S'], RSU: ['U', 'S'],
};

/** One selftest "event" (a macro body such as "LOCK_UNLOCK_2(A,B)") as script tokens. */
export function selftestTokens(body: string, type: SelftestLockType = 'spin'): string {
  return body.replace(/\s+/g, '').split(/;|(?<=\))/).filter((t) => t !== '').map((token) => {
    const call = /^(\w+)\(([^)]*)\)$/.exec(token);
    if (!call) throw new Error(`bad selftest token ${token}`);
    const [, macro, args] = call;
    const mode = TYPE_MODE[type];
    if (macro === 'LOCK') return `L(${args}:${mode})`;
    if (macro === 'UNLOCK') return `U(${args}:${mode})`;
    if (macro === 'LOCK_UNLOCK_2') {
      const [x, y] = args.split(',');
      return `L(${x}:${mode}) L(${y}:${mode}) U(${y}:${mode}) U(${x}:${mode})`;
    }
    const known = MACROS[macro];
    if (!known) throw new Error(`unknown selftest macro ${macro}`);
    return `${known[0]}(${args}:${known[1]})`;
  }).join(' ');
}

/** The parts run one after the other in ONE task, as the kernel's selftest does. */
export function inOneTask(parts: readonly string[], type?: SelftestLockType): string {
  return `1:${parts.map((p) => selftestTokens(p, type)).join(' ')}`;
}

/** Part i runs in task i + 1, each after the previous one (never overlapping). */
export function inOwnTasks(parts: readonly string[], type?: SelftestLockType): string {
  return parts.map((p, i) => `${i + 1}:${selftestTokens(p, type)}`).join(' ');
}

/** The 6 orders of GENERATE_PERMUTATIONS_3_EVENTS, as "123" … "321" with the parts reordered. */
export function permutations3<T>(parts: readonly [T, T, T]): [string, T[]][] {
  return ['123', '132', '213', '231', '312', '321'].map((order) =>
    [order, [...order].map((d) => parts[Number(d) - 1])]);
}
