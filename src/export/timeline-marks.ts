// The timeline flattened into time-ordered marks, the one order both trace writers (Perfetto,
// Chrome JSON) emit: at one timestamp a span that ends comes before one that begins, so spans on
// one lane stay disjoint; a span of no length ends right after it begins.
import type { Finding } from '../detect/finding.js';
import { lockName } from '../report/lock-name.js';
import { modeLabel } from '../report/labels.js';
import type { Timeline, TimelineSpan } from './lock-timeline.js';

export type TimelineMark =
  | { readonly kind: 'begin'; readonly ts: number; readonly span: TimelineSpan }
  | { readonly kind: 'end'; readonly ts: number; readonly span: TimelineSpan }
  | { readonly kind: 'instant'; readonly ts: number; readonly tid: number; readonly name: string; readonly category: string;
      /** A finding's flow: its id, and whether this instant ends it. */
      readonly flow?: { readonly id: number; readonly last: boolean } };

/** Every begin, end and instant of `timeline` and the findings' points, sorted by time. */
export function timelineMarks(timeline: Timeline, findings: readonly Finding[]): TimelineMark[] {
  const marks: { mark: TimelineMark; rank: number; seq: number }[] = [];
  const add = (mark: TimelineMark, rank: number, seq = marks.length): void => { marks.push({ mark, rank, seq }); };
  for (const span of timeline.spans) {
    const seq = marks.length;
    add({ kind: 'begin', ts: span.begin, span }, 1, seq);
    if (span.end > span.begin) add({ kind: 'end', ts: span.end, span }, 0);
    else add({ kind: 'end', ts: span.end, span }, 1, seq + 0.5);
  }
  for (const i of timeline.instants) add({ kind: 'instant', ts: i.ts, tid: i.tid, name: i.name, category: 'fault' }, 1);
  findings.forEach((finding, f) => {
    const points = findingPoints(finding);
    points.forEach((p, k) => {
      const flow = points.length > 1 ? { id: f + 1, last: k === points.length - 1 } : undefined;
      add({ kind: 'instant', ts: p.ts, tid: p.tid, name: p.name, category: 'finding', ...(flow ? { flow } : {}) }, 1);
    });
  });
  marks.sort((a, b) => a.mark.ts - b.mark.ts || a.rank - b.rank || a.seq - b.seq);
  return marks.map((m) => m.mark);
}

/** Where a finding shows on the timeline: each edge's request on its task, else its first event. */
function findingPoints(finding: Finding): { tid: number; ts: number; name: string }[] {
  if (finding.edges.length === 0) {
    const e = finding.events[0];
    return e === undefined ? [] : [{ tid: e.tid, ts: e.ts, name: `${finding.kind}${finding.detail ? `: ${finding.detail}` : ''}` }];
  }
  return [...finding.edges]
    .sort((a, b) => a.requestedAt.ts - b.requestedAt.ts)
    .map((e) => ({
      tid: e.task.tid, ts: e.requestedAt.ts,
      name: `${finding.kind}: holds ${lockName(e.held, finding.semantics)} ${modeLabel(e.held.mode)}, requests ${lockName(e.requested, finding.semantics)} ${modeLabel(e.requested.mode)}`,
    }));
}
