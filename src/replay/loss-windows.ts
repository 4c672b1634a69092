// Where the collector lost events, by input index, so a finding whose window (its first to its
// last event) contains a loss can say so: it may stand on events that are not there.
import type { Finding } from '../detect/finding.js';

export interface LossWindows {
  /** A `lost` event at input `index` for `count` events. */
  add(index: number, count: number): void;
  /** Events lost at indices in [first, last]. */
  lostBetween(first: number, last: number): number;
  /** The findings with `lostInWindow` set where it is not 0; the same array while nothing changed. */
  annotate(findings: readonly Finding[]): readonly Finding[];
}

export function createLossWindows(): LossWindows {
  const at: number[] = [];
  // before[i]: events lost at the first i losses.
  const before: number[] = [0];
  let source: readonly Finding[] | undefined;
  let annotated: readonly Finding[] = [];
  let losses = 0;

  // The number of losses at indices below `index`.
  function rank(index: number): number {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid] < index) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function lostBetween(first: number, last: number): number {
    return before[rank(last + 1)] - before[rank(first)];
  }

  return {
    add(index, count) {
      at.push(index);
      before.push(before[before.length - 1] + count);
    },
    lostBetween,
    annotate(findings) {
      if (at.length === 0) return findings;
      if (findings === source && losses === at.length) return annotated;
      source = findings;
      losses = at.length;
      annotated = findings.map((f) => {
        if (f.events.length === 0) return f;
        let first = f.events[0].index;
        let last = first;
        for (const e of f.events) { first = Math.min(first, e.index); last = Math.max(last, e.index); }
        const lost = lostBetween(first, last);
        return lost === 0 ? f : { ...f, lostInWindow: lost };
      });
      return annotated;
    },
  };
}
