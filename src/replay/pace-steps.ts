// Event-paced steps: where one frame of trace time holds more than STEP_EVENTS events (a trace of
// a few microseconds at ×1 holds all of them), a paced replay shows them STEP_EVENTS a frame,
// so the dashboard's HELD and WAITING columns change before the end of the input instead of
// everything landing in one frame. Stepping holds the replay back behind its recorded pace by at
// most STEP_BUDGET_MS in all, and gives that time back out of waits longer than a frame (idle
// trace time): a long dense trace steps through its first STEP_BUDGET_MS / FRAME_MS events, then
// keeps its pace.
import type { Batch } from '../trace/event.js';

/** Events a step (one frame) shows. */
export const STEP_EVENTS = 1;

/** How far (wall ms) stepping may hold a replay behind its recorded pace: 20 frames of FRAME_MS. */
export const STEP_BUDGET_MS = 2000;

// `chunk` (one frame of trace time) as at most `maxSteps` steps of STEP_EVENTS events, the last
// one holding the rest; the chunk itself when it is no more than one step.
export function stepChunk(chunk: Batch, maxSteps: number): readonly Batch[] {
  if (chunk.length <= STEP_EVENTS || maxSteps <= 1) return [chunk];
  const steps: Batch[] = [];
  let start = 0;
  for (; steps.length < maxSteps - 1 && start + STEP_EVENTS < chunk.length; start += STEP_EVENTS) {
    steps.push(chunk.slice(start, start + STEP_EVENTS));
  }
  steps.push(chunk.slice(start));
  return steps;
}
