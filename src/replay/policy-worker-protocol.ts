// Messages between a replay of several policies (replay.ts) and the worker thread that replays
// some of them from its own reading of the same input (serve-policies.ts). The replaying thread
// tells the worker where its batches end (events read so far, as it takes each batch); the
// worker cuts its own batches there and answers, per boundary, what its engines have then: the
// changes to each policy's findings and the notes. Only findings cross: never batches.
import type { Finding } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';

/**
 * To the worker: a batch boundary after the input's first `events` events (in increasing
 * order), or the end: the input had `events` events, the last boundary sent.
 */
export type ToPolicyWorker =
  | { readonly kind: 'boundary'; readonly events: number }
  | { readonly kind: 'end'; readonly events: number };

/** One policy's findings list against the one sent before: its length now and the entries that differ. */
export interface FindingsChange {
  readonly length: number;
  readonly changed: readonly (readonly [index: number, finding: Finding])[];
}

export type FromPolicyWorker =
  /** The engines at boundary `events`: per policy a change (undefined: the same list), and every notes. */
  | { readonly kind: 'at'; readonly events: number; readonly changes: readonly (FindingsChange | undefined)[]; readonly notes: readonly ReplayNotes[] }
  /** The second reading ended where the first did. */
  | { readonly kind: 'ended' }
  /** `file` set: an InputError about that file; otherwise what else stopped the worker (its name and message). */
  | { readonly kind: 'error'; readonly file?: string; readonly name: string; readonly message: string };

/** The change that turns `before` into `after` (entries compared by identity: a finding that changes is a new object). */
export function findingsChange(before: readonly Finding[], after: readonly Finding[]): FindingsChange {
  const changed: [number, Finding][] = [];
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) changed.push([i, after[i]]);
  return { length: after.length, changed };
}

/** `list` with `change` applied (a new array). */
export function applyFindingsChange(list: readonly Finding[], change: FindingsChange): readonly Finding[] {
  const out = list.slice(0, change.length);
  for (const [i, finding] of change.changed) out[i] = finding;
  return out;
}

/** What stopped the worker, as its error message. */
export function errorMessage(error: unknown): FromPolicyWorker {
  if (!(error instanceof Error)) return { kind: 'error', name: 'Error', message: String(error) };
  const file = (error as { file?: unknown }).file;
  return error.name === 'InputError' && typeof file === 'string'
    ? { kind: 'error', file, name: error.name, message: error.message.slice(file.length + 2) }
    : { kind: 'error', name: error.name, message: error.message };
}
