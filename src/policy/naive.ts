// The naive policy: bcachefs's page-cache lock with no protection for faults inside a DIO write.
// A fault on Y inside a DIO write on X requests ADD(Y) and waits; Y == X is the AA deadlock of the
// seed thread, and two tasks each faulting on the other's file are AB/BA.
import { createPageCachePolicy, takeAndDropAdd, type DioWriteFaultRule } from './create-pagecache-policy.js';
import type { Policy } from './policy.js';

const faultInDioWrite: DioWriteFaultRule = (sink, tid, _dio, dev, ino, locks) => {
  takeAndDropAdd(sink, tid, locks.pagecache(sink, dev, ino));
};

/** A fresh `naive` policy instance (one per replay). */
export function createNaivePolicy(): Policy {
  return createPageCachePolicy('naive', faultInDioWrite);
}
