// A finding with what the trace's Symbols records tell about it: the frames of every stack
// (tracing machinery left out) and the file behind every synthetic file lock.
import type { Finding, FindingEdge, FindingEvent, FindingLock } from '../detect/finding.js';
import { makeDev } from '../trace/dev.js';
import type { TraceSymbols } from '../trace/trace-symbols.js';
import { withoutTracingFrames } from './frame-text.js';

// A synthetic file lock's instance: "major:minor:ino".
const FILE_LOCK = /^(\d+):(\d+):(\d+)$/;

/** `finding` with frames and files set; unchanged without symbols. */
export function symbolizeFinding(finding: Finding, symbols: TraceSymbols | undefined): Finding {
  if (symbols === undefined) return finding;
  const lock = (l: FindingLock): FindingLock => {
    const m = FILE_LOCK.exec(l.lock);
    const file = m === null ? undefined : symbols.fileOf(makeDev(Number(m[1]), Number(m[2])), Number(m[3]));
    return file === undefined ? l : { ...l, file };
  };
  const event = (e: FindingEvent): FindingEvent =>
    (e.stack === undefined || e.stack.length === 0 ? e : { ...e, frames: withoutTracingFrames(symbols.framesOf(e.stack)) });
  const edge = (e: FindingEdge): FindingEdge => ({
    ...e, held: lock(e.held), heldAt: event(e.heldAt), requested: lock(e.requested), requestedAt: event(e.requestedAt),
  });
  return { ...finding, locks: finding.locks.map(lock), events: finding.events.map(event), edges: finding.edges.map(edge) };
}
