// A lock as one short label, e.g. "pagecache(254:0:2164945) block", for table cells and list lines;
// the mode named as the text report names it (report/labels.ts).
import type { LockMode } from '../trace/event.js';
import { formatId } from '../report/format-id.js';
import { modeLabel } from '../report/labels.js';
import { printableText } from '../trace/printable-text.js';

/** Fits both SnapshotLock and FindingLock. */
export interface LabelledLock {
  readonly lock: string;
  readonly cls: string;
  readonly mode: LockMode;
  readonly name?: string;
}

/**
 * "cls(instance) mode"; the instance alone when the class defaults to it; the symbol name when
 * known; numeric ids of 2^32 and above (kernel addresses) in hex, as the text report shows them.
 */
export function lockLabel(l: LabelledLock): string {
  const instance = l.name ?? formatId(l.lock);
  const what = l.cls === l.lock || l.cls === instance ? instance : `${l.cls}(${instance})`;
  return `${printableText(what)} ${modeLabel(l.mode)}`;
}
