// De-duplication keys (docs/design.md §4): a finding's cycle of (class, mode), rotated to a canonical
// start, so the same inversion found from any of its edges, tasks or instances counts once.
import type { FindingKind } from './finding.js';

/** "kind: c1 MODE1 -> c2 MODE2 -> …" with the rotation that is smallest as a string. */
export function cycleKey(kind: FindingKind, steps: readonly string[]): string {
  let best = '';
  for (let start = 0; start < steps.length; start++) {
    const rotated = [...steps.slice(start), ...steps.slice(0, start)].join(' -> ');
    if (start === 0 || rotated < best) best = rotated;
  }
  return `${kind}: ${best}`;
}

/** One step of a key: a lock's class label and mode. */
export function keyStep(classLabel: string, mode: string): string {
  return `${classLabel} ${mode}`;
}
