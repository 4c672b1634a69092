// `check` as a function: replay a whole input under some policies and collect the findings.
import { lastValueFrom, defaultIfEmpty } from 'rxjs';
import type { Finding, Semantics } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import type { PolicyName } from '../policy/policy.js';
import type { InputInfo, TraceInput } from '../trace/input.js';
import { replay, type Reopen, type StartPolicyWorker } from './replay.js';

export interface PolicyResult {
  readonly policy: PolicyName;
  readonly findings: readonly Finding[];
  readonly notes: ReplayNotes;
}

export interface CheckResult {
  readonly info: InputInfo;
  readonly semantics: Semantics;
  readonly results: readonly PolicyResult[];
}

/**
 * Replays `input` to its end under each policy; rejects with InputError when nothing could be read.
 * `reopen` reads the same input again from its start: policies then share an engine while they can,
 * and with `startWorker` some replay in a worker thread once they cannot (replay.ts).
 */
export async function checkInput(
  input: TraceInput, policies: readonly PolicyName[], semantics: Semantics, options: { readonly mmapLock?: boolean; readonly reopen?: Reopen; readonly startWorker?: StartPolicyWorker } = {},
): Promise<CheckResult> {
  const replayed = replay(input.batches(), { policies, semantics, mmapLock: options.mmapLock }, options.reopen, options.startWorker);
  const engines = await lastValueFrom(replayed.pipe(defaultIfEmpty(undefined)));
  const results = policies.map((policy, i) => ({
    policy,
    findings: engines ? engines[i].findings() : [],
    notes: engines ? engines[i].notes() : { searchStops: 0, releasesAfterLoss: 0, deepRequests: 0 },
  }));
  return { info: input.info, semantics, results };
}
