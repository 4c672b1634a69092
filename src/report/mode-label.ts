// A lock mode as lockdep shows usage: lower case, for "{block}", "{shared_recursive}".
import type { LockMode } from '../trace/event.js';

// "EXCLUSIVE" → "exclusive", "SHARED_RECURSIVE" → "shared_recursive".
export function modeLabel(mode: LockMode): string {
  return mode.toLowerCase();
}
