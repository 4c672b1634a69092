// A small order-graph check over recorded policy steps, to see the docs/design.md §6 verdicts in the
// policies' own tests (the real detectors are tested on their own): AA when a task requests,
// without try, a lock it holds in a conflicting mode; a cycle when lock-order edges of distinct
// tasks close a loop on which every hop would wait (`blocks`). Trylocks add no incoming edge.
import type { LockMode } from '../../src/trace/event.js';
import { blocks, type RecordedStep } from './policy-recording-sink.js';

export type DeadlockVerdict = 'aa' | 'cycle' | 'none';

interface Edge { readonly tid: number; readonly from: number; readonly held: LockMode; readonly to: number; readonly requested: LockMode }

export function deadlockVerdict(steps: readonly RecordedStep[]): DeadlockVerdict {
  const held = new Map<number, { lock: number; mode: LockMode }[]>();
  const edges: Edge[] = [];
  let aa = false;
  for (const step of steps) {
    if (step.kind === 'hazard') continue;
    const mine = held.get(step.tid) ?? [];
    held.set(step.tid, mine);
    if (step.kind === 'release') {
      const at = mine.map((h) => h.lock).lastIndexOf(step.lock);
      if (at >= 0) mine.splice(at, 1);
      continue;
    }
    if (!step.tryLock) {
      for (const h of mine) {
        if (h.lock === step.lock) aa ||= blocks(step.mode, h.mode);
        else edges.push({ tid: step.tid, from: h.lock, held: h.mode, to: step.lock, requested: step.mode });
      }
    }
    mine.push({ lock: step.lock, mode: step.mode });
  }
  if (aa) return 'aa';
  return edges.some((first) => closes(edges, first, first, new Set([first.tid]))) ? 'cycle' : 'none';
}

function closes(edges: readonly Edge[], first: Edge, last: Edge, tids: Set<number>): boolean {
  if (tids.size > 1 && last.to === first.from && blocks(last.requested, first.held)) return true;
  for (const next of edges) {
    if (tids.has(next.tid) || next.from !== last.to || !blocks(last.requested, next.held)) continue;
    tids.add(next.tid);
    if (closes(edges, first, next, tids)) return true;
    tids.delete(next.tid);
  }
  return false;
}

/** How many coherency hazards the steps report. */
export function hazardCount(steps: readonly RecordedStep[]): number {
  return steps.filter((s) => s.kind === 'hazard').length;
}
