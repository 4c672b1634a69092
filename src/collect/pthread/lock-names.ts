// Names of pthread lock addresses: the global variable (or static) a lock is, from the ELF
// symbols of the objects mapped in its process (/proc/PID/maps, read once per process).
import { formatUserSymbol, snapshotProcessSymbolizer, type ProcessSymbolizer } from '../symbols/process-symbols.js';

/** The name of `lock` in process `pid`, or undefined (a lock on the heap or the stack). */
export type LockNamer = (pid: number, lock: bigint) => string | undefined;

// A namer that reads each process's maps at its first lock.
export function createLockNamer(): LockNamer {
  const symbolizers = new Map<number, ProcessSymbolizer | undefined>();
  return (pid, lock) => {
    if (!symbolizers.has(pid)) symbolizers.set(pid, snapshotProcessSymbolizer(pid));
    const symbol = symbolizers.get(pid)?.symbolize(lock);
    if (symbol === undefined) return undefined;
    return symbol.offset === 0n ? symbol.name : formatUserSymbol(symbol).replace(/ \(.*\)$/, '');
  };
}
