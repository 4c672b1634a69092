// The mainline policy: XFS and ext4 with iomap DIO, as hooks of the policy skeleton
// (create-file-policy.ts). No page-cache lock is held across a DIO, so faults inside one cannot
// deadlock on it; the price is coherency: pages can be brought back into the page cache of a file
// while a DIO write to it is in flight, and those are reported as hazards.
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
import { PAGE_SIZE } from '../kernel/page.js';
import type { FileOp, PageCache } from '../trace/event.js';
import { createFilePolicy, type FilePolicyHooks, type FilePolicyState } from './create-file-policy.js';
import type { InFlightDio } from './dio-tracker.js';
import { createFileLockIds } from './file-lock-ids.js';
import { HAZARD_REASONS } from './hazard-reasons.js';
import type { Policy, StepSink } from './policy.js';

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
  return createFilePolicy('mainline', mainlineHooks);
}

function mainlineHooks({ dios, mappings }: FilePolicyState): FilePolicyHooks {
  const rwsem = createFileLockIds('i_rwsem');
  const invalidate = createFileLockIds('invalidate_lock');

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
  function checkRange(tid: number, dev: number, ino: number, index: number, pages: number, reason: string): void {
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

  function holdExclusive(sink: StepSink, tid: number, held: number[], lock: number): void {
    sink.acquire(tid, lock, 'EXCLUSIVE', false);
    held.push(lock);
  }

  return {
    dioBegin(sink, dio, event): void {
      const { tid, pid, dioBegin: begin } = event;
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
    },
    // The DIO ends: pages still stale under it are hazards (then the skeleton releases its locks).
    dioEnding(sink, dio): void {
      const pages = stale.get(dio);
      if (pages === undefined) return;
      for (const page of pages) hazard(sink, page.tid, dio, page.reason);
      stale.delete(dio);
    },
    // Whether its pages are still cached when it completes is not known: no hazard (a).
    dioLost(dio): void {
      stale.delete(dio);
    },
    // With no DIO of the file known (the trace began inside it), the failure names itself.
    invalidateFail(sink, event, index, dio): void {
      const { tid, dioInvalidateFail: { dev, ino } } = event;
      if (dio === undefined) {
        sink.hazard({
          tid, dev, ino, dioTid: tid, dioEventIndex: index, dioEventTs: event.ts, dioEventStack: event.stack, reason: INVALIDATE_FAIL,
        });
        return;
      }
      hazard(sink, tid, dio, INVALIDATE_FAIL);
      stale.delete(dio);
    },
    // A page read in: invalidate_lock taken and dropped. Only a FILE fault (`isFault`) of a page
    // its own DIO write is writing is hazard (b); any page added inside a DIO write's range is a
    // stale candidate (a).
    readIn(sink, tid, dev, ino, index, pages, isFault): void {
      const lock = invalidate(sink, dev, ino);
      sink.acquire(tid, lock, 'SHARED', false);
      sink.release(tid, lock);
      const own = dios.current(tid);
      if (isFault && own !== undefined && own.write && own.dev === dev && own.ino === ino
        && overlaps(own, index * PAGE_SIZE, pages * PAGE_SIZE)) hazard(sink, tid, own, OWN_FILE_FAULT);
      else checkRange(tid, dev, ino, index, pages, isFault ? IN_RANGE_FAULT : IN_RANGE_ADD);
    },
    pageAdd(_sink, tid, add: PageCache): void {
      checkRange(tid, add.dev, add.ino, add.index, 2 ** add.order, IN_RANGE_ADD);
    },
    pageDelete(page: PageCache): void {
      for (let i = 0; i < 2 ** page.order; i++) deleted(page.dev, page.ino, page.index + i);
    },
    bufferedBegin(sink, tid, _pid, op: FileOp, held): void {
      if (op.op === 'BUFFERED_WRITE') holdExclusive(sink, tid, held, rwsem(sink, op.dev, op.ino));
    },
    truncateBegin(sink, tid, dev, ino, held): void {
      holdExclusive(sink, tid, held, rwsem(sink, dev, ino));
      holdExclusive(sink, tid, held, invalidate(sink, dev, ino));
    },
    remap(sink, tid, held, loDev, loIno, hiDev, hiIno): void {
      const same = loDev === hiDev && loIno === hiIno;
      holdExclusive(sink, tid, held, rwsem(sink, loDev, loIno));
      if (!same) holdExclusive(sink, tid, held, rwsem(sink, hiDev, hiIno));
      holdExclusive(sink, tid, held, invalidate(sink, loDev, loIno));
      if (!same) holdExclusive(sink, tid, held, invalidate(sink, hiDev, hiIno));
    },
  };
}
