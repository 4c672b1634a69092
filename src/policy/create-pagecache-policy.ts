// What the policies built on bcachefs's two-state page-cache lock (naive, fdm, fdm-ordered) share;
// they differ only in how a fault inside a DIO write is handled (`DioWriteFaultRule`).
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
import { assertUnreachable } from '../assert.js';
import type { FileOp, PageCache, PageFault, TraceEvent } from '../trace/event.js';
import { createDioTracker, type DioBeginEvent, type InFlightDio } from './dio-tracker.js';
import { compareFiles } from './file-order.js';
import { createFileLockIds, type FileLockIds } from './file-lock-ids.js';
import { createFileOpStack, isBufferedOp } from './file-op-stack.js';
import { createMappingTable } from './mapping-table.js';
import type { Policy, PolicyName, StepSink } from './policy.js';
import { createRecentFaults } from './recent-faults.js';

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
  const locks: PageCacheLocks = { pagecache: createFileLockIds('pagecache'), dioCount: createFileLockIds('dio_count') };
  const dios = createDioTracker();
  const ops = createFileOpStack();
  const mappings = createMappingTable();
  const recent = createRecentFaults();

  function fault(sink: StepSink, tid: number, dev: number, ino: number): void {
    const dio = dios.current(tid);
    if (dio !== undefined && dio.write) faultInDioWrite(sink, tid, dio, dev, ino, locks);
    else takeAndDropAdd(sink, tid, locks.pagecache(sink, dev, ino));
  }

  function faultFromBuffer(sink: StepSink, tid: number, pid: number, buf: bigint): void {
    if (buf === 0n) return;
    const mapped = mappings.at(pid, buf);
    if (mapped !== undefined) fault(sink, tid, mapped.dev, mapped.ino);
  }

  function dioBegin(sink: StepSink, event: DioBeginEvent, index: number): void {
    const { tid, dioBegin: begin } = event;
    const previous = dios.current(tid);
    if (previous !== undefined) dios.finish(sink, previous);
    recent.forget(tid);
    const dio = dios.begin(event, index);
    if (begin.write) {
      const block = locks.pagecache(sink, begin.dev, begin.ino);
      sink.acquire(tid, block, 'BLOCK', false);
      dio.held.push(block);
    }
    const count = locks.dioCount(sink, begin.dev, begin.ino);
    sink.acquire(tid, count, 'SHARED_RECURSIVE', false);
    dio.held.push(count);
    faultFromBuffer(sink, tid, event.pid, begin.buf);
  }

  function pageAdd(sink: StepSink, tid: number, add: PageCache): void {
    if (add.op !== 'ADD' || recent.absorbs(tid, add.dev, add.ino, add.index, add.order)) return;
    if (dios.current(tid) !== undefined) {
      fault(sink, tid, add.dev, add.ino);
      return;
    }
    // Inside a buffered op the adds of its own file are the op itself (ADD(X) is held).
    const buffered = ops.innermostBuffered(tid);
    if (buffered !== undefined && (buffered.dev !== add.dev || buffered.ino !== add.ino)) fault(sink, tid, add.dev, add.ino);
  }

  function fileFault(sink: StepSink, tid: number, f: PageFault): void {
    if (f.source !== 'FILE') return; // exceptions:page_fault_* name no file; FILE faults follow them.
    recent.note(tid, f.dev, f.ino, f.index);
    fault(sink, tid, f.dev, f.ino);
  }

  function waitForDios(sink: StepSink, tid: number, dev: number, ino: number): void {
    const count = locks.dioCount(sink, dev, ino);
    sink.acquire(tid, count, 'EXCLUSIVE', false);
    sink.release(tid, count);
  }

  function fileOpBegin(sink: StepSink, tid: number, pid: number, op: FileOp): void {
    recent.forget(tid);
    const frame = ops.open(tid, op);
    if (isBufferedOp(op.op)) {
      const add = locks.pagecache(sink, op.dev, op.ino);
      sink.acquire(tid, add, 'ADD', false);
      frame.held.push(add);
      if (op.op !== 'READAHEAD') faultFromBuffer(sink, tid, pid, op.buf);
      return;
    }
    if (op.op === 'TRUNCATE' || op.op === 'PUNCH') {
      waitForDios(sink, tid, op.dev, op.ino);
      const block = locks.pagecache(sink, op.dev, op.ino);
      sink.acquire(tid, block, 'BLOCK', false);
      frame.held.push(block);
      return;
    }
    // REMAP (bch2_remap_file_range): BLOCK on both files, lower first, then wait for their DIOs.
    if (compareFiles(op.dev, op.ino, op.dev2, op.ino2) <= 0) remapInOrder(sink, tid, frame.held, op.dev, op.ino, op.dev2, op.ino2);
    else remapInOrder(sink, tid, frame.held, op.dev2, op.ino2, op.dev, op.ino);
  }

  function remapInOrder(sink: StepSink, tid: number, held: number[], loDev: number, loIno: number, hiDev: number, hiIno: number): void {
    const same = loDev === hiDev && loIno === hiIno;
    const lo = locks.pagecache(sink, loDev, loIno);
    sink.acquire(tid, lo, 'BLOCK', false);
    held.push(lo);
    if (!same) {
      const hi = locks.pagecache(sink, hiDev, hiIno);
      sink.acquire(tid, hi, 'BLOCK', false);
      held.push(hi);
    }
    if (same) {
      waitForDios(sink, tid, loDev, loIno);
      return;
    }
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
  }

  return {
    name,
    apply(event: TraceEvent, index: number, sink: StepSink): void {
      const tid = event.tid;
      switch (event.kind) {
        case 'dioBegin':
          dioBegin(sink, event, index);
          return;
        case 'dioEnd': {
          const dio = dios.completing(tid, event.dioEnd.dev, event.dioEnd.ino);
          if (dio !== undefined) dios.finish(sink, dio);
          return;
        }
        case 'dioInvalidateFail': {
          // The write falls back to buffered I/O and no dio_complete follows: the DIO ends here.
          const dio = dios.completing(tid, event.dioInvalidateFail.dev, event.dioInvalidateFail.ino);
          if (dio !== undefined) dios.finish(sink, dio);
          return;
        }
        case 'fault':
          fileFault(sink, tid, event.fault);
          return;
        case 'pagecache':
          pageAdd(sink, tid, event.pagecache);
          return;
        case 'fileOp':
          if (event.fileOp.phase === 'BEGIN') fileOpBegin(sink, tid, event.pid, event.fileOp);
          else ops.close(sink, tid, event.fileOp);
          return;
        case 'mapping':
          mappings.add(event.pid, event.mapping);
          return;
        case 'mmapLock': // modelled only on request: see create-policy.ts
        case 'contention':
        case 'task':
        case 'exit':
        case 'join':
        case 'lock':
        case 'lost':
          return; // Nothing to model: contention is observed, not requested; the rest never reach a policy.
        default:
          assertUnreachable(event);
      }
    },
  };
}
