// Which events every policy turns into the same lock operations, whatever came before: a replay of
// an input made only of these is the same under every policy but for the policy's name, so one
// engine can serve them all (replay/replay.ts). The rest can make a policy act (docs/design.md §3):
// - lock, task, exit, join: never reach a policy (replay-engine.ts applies them);
// - lost: reaches a policy as `lose`, which closes only what other events opened: after neutral
//   events alone there is nothing to close;
// - contention, and a fault that names no file (USER, KERNEL): every policy ignores them
//   (create-file-policy.ts);
// - mmapLock: ignored, or with --mmap-lock the one rule of every policy (create-policy.ts);
// - mapping and a page-cache DELETE: remembered by the policy (buffer provenance, stale pages),
//   no lock operation; what they change acts only through a later event of another kind.
import { assertUnreachable } from '../assert.js';
import type { TraceEvent } from '../trace/event.js';

/** True when no policy's lock operations for `event` differ from another's (none, or the same). */
export function isPolicyNeutral(event: TraceEvent): boolean {
  switch (event.kind) {
    case 'task': case 'exit': case 'join': case 'lock': case 'lost':
    case 'contention': case 'mmapLock': case 'mapping':
      return true;
    case 'fault':
      return event.fault.source !== 'FILE';
    case 'pagecache':
      return event.pagecache.op === 'DELETE';
    case 'dioBegin': case 'dioEnd': case 'dioInvalidateFail': case 'fileOp':
      return false;
    default:
      return assertUnreachable(event);
  }
}
