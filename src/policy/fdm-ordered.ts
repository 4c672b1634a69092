// The fdm-ordered policy: bcachefs since 2020 (fs/bcachefs/fs-io-pagecache.c bch2_page_fault,
// fs-io-direct.c). As fdm, and a fault on Y inside a DIO write on X respects the file order:
// - Y == X: refused (-EFAULT);
// - X before Y: ADD(Y), blocking (the order allows it);
// - X after Y: try ADD(Y); if it would wait, drop BLOCK(X), wait for and release ADD(Y), retake
//   BLOCK(X), and refuse the fault (set_fdm_dropped_locks): the DIO retries. No task ever waits
//   for ADD of a lower file while holding BLOCK of a higher one, so no cycle through faults.
// This file is the rule; create-pagecache-policy.ts says when it runs (a fault of a task inside
// its DIO write, which holds BLOCK(X)) and create-file-policy.ts which events are faults.
import { createPageCachePolicy, takeAndDropAdd, type DioWriteFaultRule } from './create-pagecache-policy.js';
import { compareFiles } from './file-order.js';
import type { Policy } from './policy.js';

const faultInDioWrite: DioWriteFaultRule = (sink, tid, dio, dev, ino, locks) => {
  const order = compareFiles(dio.dev, dio.ino, dev, ino);
  if (order === 0) return; // refused: -EFAULT, no lock requested
  const add = locks.pagecache(sink, dev, ino);
  if (order < 0) {
    takeAndDropAdd(sink, tid, add);
    return;
  }
  if (!sink.wouldBlock(tid, add, 'ADD')) {
    sink.acquire(tid, add, 'ADD', true); // bch2_pagecache_add_tryget
    sink.release(tid, add);
    return;
  }
  const block = locks.pagecache(sink, dio.dev, dio.ino);
  sink.release(tid, block);
  takeAndDropAdd(sink, tid, add);
  sink.acquire(tid, block, 'BLOCK', false);
  // The fault is refused and the DIO retries; BLOCK(X) stays in the DIO's held list.
};

/** A fresh `fdm-ordered` policy instance (one per replay). */
export function createFdmOrderedPolicy(): Policy {
  return createPageCachePolicy('fdm-ordered', faultInDioWrite);
}
