// Holds the ftrace collector's file operations until their fd lookups are proven (fd-table.ts):
// a fileOp BEGIN waits until the records up to its lookups' times are decoded, then is passed on
// (with its END, which waits behind it) when every lookup named the right file, or dropped with
// its END and counted when one did not. Events without lookups pass at once (mappings too: they
// are named without the proof, mmap-resolver.ts); the source's watermark stays below the oldest
// event held, so the session's merge still writes everything in order.
import type { TraceEvent } from '../../trace/event.js';
import { usesVerdict, type FdUse } from './fd-table.js';

export interface FileOpGate {
  /** Passes `event` on, now or once decided; `uses` are the fd lookups a fileOp BEGIN was made from. */
  offer(event: TraceEvent, uses: readonly FdUse[]): void;
  /** Every record before `ns` is decoded: decides what can be. */
  decodedUpTo(ns: number): void;
  /** The end of the capture (every record decoded): decides everything held. */
  flush(): void;
  /** The time of the oldest event held, or Infinity. */
  oldestHeld(): number;
  /** File operations dropped because a lookup named a file the fd held only later. */
  readonly stale: number;
}

/** A BEGIN held, the END that came behind it, and whether it was found stale (then dropped once its END came). */
interface Held { readonly begin: TraceEvent; readonly uses: readonly FdUse[]; end: TraceEvent | undefined; stale: boolean }

// One gate per capture, passing events to `deliver`.
export function createFileOpGate(deliver: (event: TraceEvent) => void): FileOpGate {
  // Per tid, its held operations in order (a task's BEGIN and END alternate).
  const byTid = new Map<number, Held[]>();
  let stale = 0;

  const decide = (ns: number, final: boolean): void => {
    for (const [tid, queue] of byTid) {
      const kept = queue.filter((held) => {
        if (held.stale) return held.end === undefined && !final;
        const verdict = usesVerdict(held.uses, ns, final);
        if (verdict === 'pending') return true;
        if (verdict === 'stale') {
          stale++;
          held.stale = true;
          return held.end === undefined && !final;
        }
        deliver(held.begin);
        if (held.end !== undefined) deliver(held.end);
        return false;
      });
      if (kept.length === 0) byTid.delete(tid);
      else byTid.set(tid, kept);
    }
  };

  return {
    offer(event, uses) {
      const queue = byTid.get(event.tid);
      if (uses.length > 0) {
        // A BEGIN waits for its END.
        const held: Held = { begin: event, uses, end: undefined, stale: false };
        if (queue === undefined) byTid.set(event.tid, [held]);
        else queue.push(held);
        return;
      }
      if (event.kind !== 'fileOp' || event.fileOp.phase === 'BEGIN') {
        deliver(event);
        return;
      }
      const last = queue?.[queue.length - 1];
      if (last === undefined || last.end !== undefined) deliver(event);
      else if (last.stale) queue!.pop();
      else last.end = event;
    },
    decodedUpTo(ns) {
      decide(ns, false);
    },
    flush() {
      decide(Infinity, true);
      byTid.clear();
    },
    oldestHeld() {
      let oldest = Infinity;
      for (const queue of byTid.values()) for (const held of queue) if (!held.stale) oldest = Math.min(oldest, held.begin.ts);
      return oldest;
    },
    get stale() {
      return stale;
    },
  };
}
