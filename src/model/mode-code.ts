// Lock modes as small integers (the index in LOCK_MODES), so per-event state lives in number arrays.
import { LOCK_MODES, type LockMode } from '../trace/event.js';

/** Codes of the modes, in LOCK_MODES order. */
export const MODE_EXCLUSIVE = 0;
export const MODE_SHARED = 1;
export const MODE_SHARED_RECURSIVE = 2;
export const MODE_ADD = 3;
export const MODE_BLOCK = 4;

/** The code of a mode: its index in LOCK_MODES. */
export function modeCode(mode: LockMode): number {
  switch (mode) {
    case 'EXCLUSIVE': return MODE_EXCLUSIVE;
    case 'SHARED': return MODE_SHARED;
    case 'SHARED_RECURSIVE': return MODE_SHARED_RECURSIVE;
    case 'ADD': return MODE_ADD;
    case 'BLOCK': return MODE_BLOCK;
    default: throw new Error(`unknown lock mode ${JSON.stringify(mode)}`);
  }
}

/** The mode of a code from modeCode(). */
export function modeName(code: number): LockMode {
  const mode = LOCK_MODES[code];
  if (mode === undefined) throw new Error(`unknown lock mode code ${code}`);
  return mode;
}
