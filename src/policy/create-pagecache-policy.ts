// The hooks (create-file-policy.ts) of the policies built on bcachefs's two-state page-cache lock
// (naive, fdm, fdm-ordered); they differ only in how a fault inside a DIO write is handled: each
// supplies its `DioWriteFaultRule` (naive.ts, fdm.ts, fdm-ordered.ts).
//
// Per file X (fs/bcachefs/fs-io-direct.c, fs-io-pagecache.c, fs-io.c, reflink):
// - DIO write: BLOCK(X) (bch2_pagecache_block_get), then dio_count(X) SHARED_RECURSIVE
//   (inode_dio_begin), both to its end. A DIO read takes no page-cache lock: bch2_read_iter writes
//   the range back and reads around the page cache without invalidating it, so it needs no
//   exclusion against adds; it holds dio_count(X) only.
// - Buffered read/write and readahead of X: ADD(X) for the span (bch2_pagecache_add_get).
// - Truncate/punch of X: wait for dio_count(X) (inode_dio_wait), then BLOCK(X) to the end.
// - Remap of X and X2: BLOCK on both, lower file first, then wait for dio_count of both (the one
//   that would wait last).
// - A fault on Y (FILE fault, a page-cache add of the task inside its DIO, or a DIO or buffered
//   read/write whose buffer lies in a mapping of Y) takes and drops ADD(Y) (bch2_page_fault), so it
//   waits while another task holds BLOCK(Y); inside a DIO write the policy's rule decides.
import type { FileOp, PageCache } from '../trace/event.js';
import { createFilePolicy, type FilePolicyHooks, type FilePolicyState } from './create-file-policy.js';
import type { InFlightDio } from './dio-tracker.js';
import { createFileLockIds, type FileLockIds } from './file-lock-ids.js';
import type { Policy, PolicyName, StepSink } from './policy.js';

/** The page-cache and dio_count lock ids of a policy instance. */
export interface PageCacheLocks {
  readonly pagecache: FileLockIds;
  readonly dioCount: FileLockIds;
}

/** Handles a fault on file (dev, ino) by `tid` inside its DIO write `dio`, which holds BLOCK(dio's file). */
export type DioWriteFaultRule = (
  sink: StepSink, tid: number, dio: InFlightDio, dev: number, ino: number, locks: PageCacheLocks,
) => void;

/** A completed page-cache add: request ADD (blocking) and release at once; it is held only while adding. */
export function takeAndDropAdd(sink: StepSink, tid: number, lock: number): void {
  sink.acquire(tid, lock, 'ADD', false);
  sink.release(tid, lock);
}

/** A fresh instance of a page-cache lock policy whose DIO-write faults follow `faultInDioWrite`. */
export function createPageCachePolicy(name: PolicyName, faultInDioWrite: DioWriteFaultRule): Policy {
  return createFilePolicy(name, (state) => pageCacheHooks(state, faultInDioWrite));
}

function pageCacheHooks({ dios, ops, mappings }: FilePolicyState, faultInDioWrite: DioWriteFaultRule): FilePolicyHooks {
  const locks: PageCacheLocks = { pagecache: createFileLockIds('pagecache'), dioCount: createFileLockIds('dio_count') };

  // A fault on (dev, ino): inside the task's DIO write the policy's rule decides.
  function fault(sink: StepSink, tid: number, dev: number, ino: number): void {
    const dio = dios.current(tid);
    if (dio !== undefined && dio.write) faultInDioWrite(sink, tid, dio, dev, ino, locks);
    else takeAndDropAdd(sink, tid, locks.pagecache(sink, dev, ino));
  }

  // A user buffer that lies in a mapping of file Y may fault on Y (docs/design.md §7).
  function faultFromBuffer(sink: StepSink, tid: number, pid: number, buf: bigint): void {
    if (buf === 0n) return;
    const mapped = mappings.at(pid, buf);
    if (mapped !== undefined) fault(sink, tid, mapped.dev, mapped.ino);
  }

  function waitForDios(sink: StepSink, tid: number, dev: number, ino: number): void {
    const count = locks.dioCount(sink, dev, ino);
    sink.acquire(tid, count, 'EXCLUSIVE', false);
    sink.release(tid, count);
  }

  function hold(sink: StepSink, tid: number, held: number[], lock: number, mode: 'ADD' | 'BLOCK' | 'SHARED_RECURSIVE'): void {
    sink.acquire(tid, lock, mode, false);
    held.push(lock);
  }

  return {
    dioBegin(sink: StepSink, dio: InFlightDio, event): void {
      const { tid, dioBegin: begin } = event;
      if (begin.write) hold(sink, tid, dio.held, locks.pagecache(sink, begin.dev, begin.ino), 'BLOCK');
      hold(sink, tid, dio.held, locks.dioCount(sink, begin.dev, begin.ino), 'SHARED_RECURSIVE');
      faultFromBuffer(sink, tid, event.pid, begin.buf);
    },
    readIn(sink: StepSink, tid: number, dev: number, ino: number): void {
      fault(sink, tid, dev, ino);
    },
    pageAdd(sink: StepSink, tid: number, add: PageCache): void {
      // Inside a buffered op the adds of its own file are the op itself (ADD(X) is held).
      const buffered = ops.innermostBuffered(tid);
      if (buffered !== undefined && (buffered.dev !== add.dev || buffered.ino !== add.ino)) fault(sink, tid, add.dev, add.ino);
    },
    bufferedBegin(sink: StepSink, tid: number, pid: number, op: FileOp, held: number[]): void {
      hold(sink, tid, held, locks.pagecache(sink, op.dev, op.ino), 'ADD');
      if (op.op !== 'READAHEAD') faultFromBuffer(sink, tid, pid, op.buf);
    },
    truncateBegin(sink: StepSink, tid: number, dev: number, ino: number, held: number[]): void {
      waitForDios(sink, tid, dev, ino);
      hold(sink, tid, held, locks.pagecache(sink, dev, ino), 'BLOCK');
    },
    // bch2_remap_file_range: BLOCK on both files, lower first, then wait for their DIOs.
    remap(sink: StepSink, tid: number, held: number[], loDev: number, loIno: number, hiDev: number, hiIno: number): void {
      const same = loDev === hiDev && loIno === hiIno;
      hold(sink, tid, held, locks.pagecache(sink, loDev, loIno), 'BLOCK');
      if (same) {
        waitForDios(sink, tid, loDev, loIno);
        return;
      }
      hold(sink, tid, held, locks.pagecache(sink, hiDev, hiIno), 'BLOCK');
      // inode_dio_wait() on both: the order of the two waits changes nothing in the kernel, but a
      // what-if wait ends at the task's next request (docs/design.md §4), so the one that would wait
      // goes last and stays the task's wait.
      if (sink.wouldBlock(tid, locks.dioCount(sink, loDev, loIno), 'EXCLUSIVE')) {
        waitForDios(sink, tid, hiDev, hiIno);
        waitForDios(sink, tid, loDev, loIno);
      } else {
        waitForDios(sink, tid, loDev, loIno);
        waitForDios(sink, tid, hiDev, hiIno);
      }
    },
  };
}
