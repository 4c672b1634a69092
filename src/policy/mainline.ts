// The mainline policy: XFS and ext4 with iomap DIO. No page-cache lock is held across a DIO, so
// faults inside one cannot deadlock on it; the price is coherency: pages can be brought back into
// the page cache of a file while a DIO write to it is in flight, and those are reported as hazards.
//
// Per file X:
// - DIO read or write: i_rwsem(X) SHARED to its end (xfs_ilock_iocb IOLOCK_SHARED; ext4 for
//   overwrites).
// - A FILE fault on Y, or a page-cache add of a task inside its DIO: invalidate_lock(Y) SHARED,
//   taken and dropped (filemap_fault takes it when it reads the page in; every fault is taken as a
//   possible read-in). A DIO buffer already mapped from Y is pinned without a read-in: no lock.
// - Buffered write of X: i_rwsem(X) EXCLUSIVE to its end (xfs_file_buffered_write,
//   ext4_buffered_write_iter). Buffered read and readahead: nothing held (ext4; XFS reads take
//   i_rwsem SHARED, which conflicts with nothing modelled here but truncate).
// - Truncate/punch: i_rwsem(X) then invalidate_lock(X), EXCLUSIVE, to the end (xfs_setattr_size,
//   xfs_file_fallocate). Remap: i_rwsem of both, then invalidate_lock of both, EXCLUSIVE, each
//   pair lower file first (xfs_ilock2_io_mmap), to the end.
// Coherency hazards: (a) a page-cache add or FILE fault on X within an in-flight DIO write range
// of X that is still cached when the DIO completes (iomap_dio_complete invalidates the range again
// after the write, kiocb_invalidate_post_direct_write, so a page deleted before the dioEnd was
// dropped and is no hazard); (b) a FILE fault by the task whose own DIO write on X is in flight,
// on a page of the range it writes, or a DIO write whose buffer is mapped from the range of the
// file it writes (its pages are what it writes); a page-cache add (readahead) is not a fault and
// counts only under (a); (c) a failed
// page-cache invalidation under a DIO write (iomap_dio_rw: kiocb_invalidate_pages fails).
import { assertUnreachable } from '../assert.js';
import { PAGE_SIZE } from '../kernel/page.js';
import type { FileOp, TraceEvent } from '../trace/event.js';
import { createDioTracker, type DioBeginEvent, type InFlightDio } from './dio-tracker.js';
import { createFileLockIds } from './file-lock-ids.js';
import { createFileOpStack } from './file-op-stack.js';
import { HAZARD_REASONS } from './hazard-reasons.js';
import { compareFiles } from './file-order.js';
import { createMappingTable } from './mapping-table.js';
import type { Policy, StepSink } from './policy.js';
import { createRecentFaults } from './recent-faults.js';

const {
  inRangeFault: IN_RANGE_FAULT, inRangeAdd: IN_RANGE_ADD, ownFileFault: OWN_FILE_FAULT,
  ownFileBuffer: OWN_FILE_BUFFER, invalidateFail: INVALIDATE_FAIL,
} = HAZARD_REASONS;

interface StalePage {
  readonly tid: number;
  /** Page indices [first, end). */
  readonly first: number;
  readonly end: number;
  readonly reason: string;
}

// True when bytes [start, start + len) of the file overlap the DIO's range [pos, pos + len).
function overlaps(dio: InFlightDio, start: number, len: number): boolean {
  return dio.pos < start + len && start < dio.pos + dio.len;
}

/** A fresh `mainline` policy instance (one per replay). */
export function createMainlinePolicy(): Policy {
  const rwsem = createFileLockIds('i_rwsem');
  const invalidate = createFileLockIds('invalidate_lock');
  const dios = createDioTracker();
  const ops = createFileOpStack();
  const mappings = createMappingTable();
  const recent = createRecentFaults();

  // Pages added inside a DIO write's range by other tasks, not yet deleted: hazards at its dioEnd.
  const stale = new Map<InFlightDio, StalePage[]>();

  function hazard(sink: StepSink, tid: number, dio: InFlightDio, reason: string): void {
    sink.hazard({
      tid, dev: dio.dev, ino: dio.ino, dioTid: dio.tid,
      dioEventIndex: dio.beginIndex, dioEventTs: dio.beginTs, dioEventStack: dio.beginStack, reason,
    });
  }

  // Pages [index, index + pages) of (dev, ino) were added by `tid`: the first in-flight DIO write
  // of the file whose byte range they overlap, if any, has them as stale candidates (hazard (a)).
  function checkRange(sink: StepSink, tid: number, dev: number, ino: number, index: number, pages: number, reason: string): void {
    const start = index * PAGE_SIZE;
    const end = (index + pages) * PAGE_SIZE;
    for (let i = 0; i < dios.slots.length; i++) {
      const dio = dios.slots[i];
      if (!dio.active || !dio.write || dio.dev !== dev || dio.ino !== ino) continue;
      if (overlaps(dio, start, end - start)) {
        let pages = stale.get(dio);
        if (pages === undefined) stale.set(dio, (pages = []));
        pages.push({ tid, first: index, end: index + (end - start) / PAGE_SIZE, reason });
        return;
      }
    }
  }

  // A page read in (a FILE fault, or a page-cache add of a task inside its DIO): invalidate_lock
  // taken and dropped. Only a FILE fault (`isFault`) of a page its own DIO write is writing is
  // hazard (b); any page added inside a DIO write's range is a stale candidate (a).
  function readIn(sink: StepSink, tid: number, dev: number, ino: number, index: number, pages: number, isFault: boolean): void {
    const lock = invalidate(sink, dev, ino);
    sink.acquire(tid, lock, 'SHARED', false);
    sink.release(tid, lock);
    const own = dios.current(tid);
    if (isFault && own !== undefined && own.write && own.dev === dev && own.ino === ino
      && overlaps(own, index * PAGE_SIZE, pages * PAGE_SIZE)) hazard(sink, tid, own, OWN_FILE_FAULT);
    else checkRange(sink, tid, dev, ino, index, pages, isFault ? IN_RANGE_FAULT : IN_RANGE_ADD);
  }

  function dioBegin(sink: StepSink, event: DioBeginEvent, index: number): void {
    const { tid, pid, dioBegin: begin } = event;
    const previous = dios.current(tid);
    if (previous !== undefined) finish(sink, previous);
    recent.forget(tid);
    const dio = dios.begin(event, index);
    const lock = rwsem(sink, begin.dev, begin.ino);
    sink.acquire(tid, lock, 'SHARED', false);
    dio.held.push(lock);
    if (!begin.write || begin.buf === 0n) return;
    const mapped = mappings.at(pid, begin.buf);
    if (mapped === undefined || mapped.dev !== begin.dev || mapped.ino !== begin.ino) return;
    // The buffer's bytes come from file offset mapped.offset + (buf - start): a hazard only when
    // that range overlaps the range the DIO writes.
    const from = mapped.offset + Number(begin.buf - mapped.start);
    if (overlaps(dio, from, begin.len)) hazard(sink, tid, dio, OWN_FILE_BUFFER);
  }

  // A page of (dev, ino) left the page cache: it is no longer stale under any DIO write.
  function deleted(dev: number, ino: number, index: number): void {
    if (stale.size === 0) return; // the common case: no iterator per delete event
    for (const [dio, pages] of stale) {
      if (dio.dev !== dev || dio.ino !== ino) continue;
      for (let i = pages.length - 1; i >= 0; i--) {
        if (pages[i].first <= index && index < pages[i].end) pages.splice(i, 1);
      }
    }
  }

  // The DIO ends: pages still stale under it are hazards; then its locks go.
  function finish(sink: StepSink, dio: InFlightDio): void {
    const pages = stale.get(dio);
    if (pages !== undefined) {
      for (const page of pages) hazard(sink, page.tid, dio, page.reason);
      stale.delete(dio);
    }
    dios.finish(sink, dio);
  }

  // With no DIO of the file in flight (the trace began inside it), the failure names itself.
  function invalidateFail(sink: StepSink, event: TraceEvent & { kind: 'dioInvalidateFail' }, index: number): void {
    const { tid, dioInvalidateFail: { dev, ino } } = event;
    const dio = dios.completing(tid, dev, ino);
    if (dio === undefined) {
      sink.hazard({
        tid, dev, ino, dioTid: tid, dioEventIndex: index, dioEventTs: event.ts, dioEventStack: event.stack, reason: INVALIDATE_FAIL,
      });
      return;
    }
    hazard(sink, tid, dio, INVALIDATE_FAIL);
    stale.delete(dio);
    dios.finish(sink, dio); // the write falls back to buffered I/O; no dio_complete follows
  }

  function holdExclusive(sink: StepSink, tid: number, held: number[], lock: number): void {
    sink.acquire(tid, lock, 'EXCLUSIVE', false);
    held.push(lock);
  }

  function fileOpBegin(sink: StepSink, tid: number, op: FileOp): void {
    recent.forget(tid);
    const held = ops.open(tid, op).held;
    switch (op.op) {
      case 'BUFFERED_READ':
      case 'READAHEAD':
        return;
      case 'BUFFERED_WRITE':
        holdExclusive(sink, tid, held, rwsem(sink, op.dev, op.ino));
        return;
      case 'TRUNCATE':
      case 'PUNCH':
        holdExclusive(sink, tid, held, rwsem(sink, op.dev, op.ino));
        holdExclusive(sink, tid, held, invalidate(sink, op.dev, op.ino));
        return;
      case 'REMAP':
        if (compareFiles(op.dev, op.ino, op.dev2, op.ino2) <= 0) remapInOrder(sink, tid, held, op.dev, op.ino, op.dev2, op.ino2);
        else remapInOrder(sink, tid, held, op.dev2, op.ino2, op.dev, op.ino);
        return;
      default:
        assertUnreachable(op.op);
    }
  }

  function remapInOrder(sink: StepSink, tid: number, held: number[], loDev: number, loIno: number, hiDev: number, hiIno: number): void {
    const same = loDev === hiDev && loIno === hiIno;
    holdExclusive(sink, tid, held, rwsem(sink, loDev, loIno));
    if (!same) holdExclusive(sink, tid, held, rwsem(sink, hiDev, hiIno));
    holdExclusive(sink, tid, held, invalidate(sink, loDev, loIno));
    if (!same) holdExclusive(sink, tid, held, invalidate(sink, hiDev, hiIno));
  }

  return {
    name: 'mainline',
    apply(event: TraceEvent, index: number, sink: StepSink): void {
      const tid = event.tid;
      switch (event.kind) {
        case 'dioBegin':
          dioBegin(sink, event, index);
          return;
        case 'dioEnd': {
          const dio = dios.completing(tid, event.dioEnd.dev, event.dioEnd.ino);
          if (dio !== undefined) finish(sink, dio);
          return;
        }
        case 'dioInvalidateFail':
          invalidateFail(sink, event, index);
          return;
        case 'fault': {
          const f = event.fault;
          if (f.source !== 'FILE') return; // exceptions:page_fault_* name no file; FILE faults follow them.
          recent.note(tid, f.dev, f.ino, f.index);
          readIn(sink, tid, f.dev, f.ino, f.index, 1, true);
          return;
        }
        case 'pagecache': {
          const add = event.pagecache;
          if (add.op === 'DELETE') {
            for (let i = 0; i < 2 ** add.order; i++) deleted(add.dev, add.ino, add.index + i);
            return;
          }
          if (recent.absorbs(tid, add.dev, add.ino, add.index, add.order)) return;
          if (dios.current(tid) !== undefined) readIn(sink, tid, add.dev, add.ino, add.index, 2 ** add.order, false);
          else checkRange(sink, tid, add.dev, add.ino, add.index, 2 ** add.order, IN_RANGE_ADD);
          return;
        }
        case 'fileOp':
          if (event.fileOp.phase === 'BEGIN') fileOpBegin(sink, tid, event.fileOp);
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
