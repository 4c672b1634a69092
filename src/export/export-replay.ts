// The one pass behind every export: the input replayed under one policy, into the timeline of its
// tasks and locks and, through the replay engine, the findings of `check`.
import type { Finding, Semantics } from '../detect/finding.js';
import type { PolicyName } from '../policy/policy.js';
import { createEngines } from '../replay/replay-options.js';
import type { InputInfo, TraceInput } from '../trace/input.js';
import { createTimelineBuilder, type Timeline } from './lock-timeline.js';

export interface ExportData {
  readonly info: InputInfo;
  readonly policy: PolicyName;
  readonly timeline: Timeline;
  readonly findings: readonly Finding[];
}

/** Reads `input` to its end once, feeding the timeline builder and a replay engine. */
export async function exportReplay(
  input: TraceInput, policy: PolicyName, semantics: Semantics, options: { readonly mmapLock?: boolean } = {},
): Promise<ExportData> {
  const [engine] = createEngines({ policies: [policy], semantics, mmapLock: options.mmapLock });
  const builder = createTimelineBuilder(policy, options);
  for await (const batch of input.batches()) {
    engine.push(batch);
    builder.push(batch);
  }
  return { info: input.info, policy, timeline: builder.end(), findings: engine.findings() };
}
