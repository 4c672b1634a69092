// Does a batch act the same under every policy? Its plain lock events (a column batch's nonzero
// codes) always do; every other event is asked of policy-neutral.ts.
import { isPolicyNeutral } from '../policy/policy-neutral.js';
import type { Batch } from '../trace/event.js';
import { columnsOf } from '../trace/fast-event-columns.js';

/** True when every event of `batch` is policy-neutral (a column batch's plain lock events are not materialised). */
export function isNeutralBatch(batch: Batch): boolean {
  const columns = columnsOf(batch);
  if (columns === undefined) return batch.every(isPolicyNeutral);
  const { code, length } = columns;
  for (let i = 0; i < length; i++) {
    if (code[i] === 0 && !isPolicyNeutral(columns.eventAt(i))) return false;
  }
  return true;
}
