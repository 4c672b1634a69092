// The fdm policy: the 2019 proposal (task_struct->faults_disabled_mapping, posted again in May
// 2023): a DIO write on X sets X as the task's faults-disabled mapping, and a fault on X then
// fails with -EFAULT instead of requesting ADD(X). It cures AA only: a fault on another file Y
// still waits for ADD(Y), so two tasks crossing files are AB/BA (Jan Kara's objection).
import { createPageCachePolicy, takeAndDropAdd, type DioWriteFaultRule } from './create-pagecache-policy.js';
import type { Policy } from './policy.js';

const faultInDioWrite: DioWriteFaultRule = (sink, tid, dio, dev, ino, locks) => {
  if (dio.dev === dev && dio.ino === ino) return; // refused: -EFAULT, no lock requested
  takeAndDropAdd(sink, tid, locks.pagecache(sink, dev, ino));
};

/** A fresh `fdm` policy instance (one per replay). */
export function createFdmPolicy(): Policy {
  return createPageCachePolicy('fdm', faultInDioWrite);
}
