// Releases the synthetic locks an operation took, in reverse order of acquisition.
import type { StepSink } from './policy.js';

/** Releases every id in `held` (last taken first) on behalf of `tid` and empties the list. */
export function releaseHeld(sink: StepSink, tid: number, held: number[]): void {
  for (let i = held.length - 1; i >= 0; i--) sink.release(tid, held[i]);
  held.length = 0;
}
