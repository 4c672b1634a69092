// The skeleton every policy is built on: it keeps what all of them track (each task's in-flight
// DIO, its open file operations, the processes' file mappings, its last file fault), decides which
// events are DIOs, faults and page-cache adds, and hands each to the policy's hooks, which turn it
// into lock operations. A policy's own rule is in its hooks: create-pagecache-policy.ts (naive,
// fdm, fdm-ordered, whose one difference is a fault inside a DIO write) and mainline.ts.
//
// Per event (docs/design.md §3):
// - dioBegin: a DIO still in flight for the task ends first (its `dioEnding`, then its locks go);
//   then the DIO is in flight and `dioBegin` takes what it holds to its end.
// - dioEnd: the DIO it completes (dio-tracker.ts: the task's own, or an aio one) ends.
// - dioInvalidateFail: `invalidateFail`, then the DIO ends (the write falls back to buffered I/O
//   and no dio_complete follows).
// - fault: only a FILE fault names a file (exceptions:page_fault_* events are followed by one);
//   it is a page read in, `readIn`.
// - pagecache ADD: the add that completes the task's last file fault is that fault, not another
//   (recent-faults.ts); an add by a task inside its DIO is a page read in (`readIn`); any other is
//   `pageAdd`. DELETE: `pageDelete`.
// - fileOp BEGIN: buffered read/write and readahead `bufferedBegin`, truncate and punch
//   `truncateBegin`, remap `remap` with its two files in file order (file-order.ts); what they
//   take is held to the END.
// - mapping: remembered for buffer provenance (mapping-table.ts).
// - a loss (`lose`, from the replay engine at a `lost` event) of a task, or of every task: its
//   synchronous DIO (every DIO, for every task; `dioLost`) and its open file operations end
//   there, their locks released, since their ends may be among the lost events (docs/design.md
//   §4 "Loss"); ends that come later are ignored, as ends of operations the trace did not see
//   begin. And a task is in one system call at a time: a fileOp BEGIN (but readahead, which may
//   nest) ends what the task still has open (its file operations and synchronous DIO), and a
//   dioBegin its open file operations but a remap, since their ends were lost, whenever the
//   loss is reported (the ftrace collector notes it where its pages show the gap; bpftrace's
//   comes later, naming no CPU, often after the task's next operations).
import { assertUnreachable } from '../assert.js';
import type { FileOp, PageCache, TraceEvent } from '../trace/event.js';
import { createDioTracker, type DioBeginEvent, type DioTracker, type InFlightDio } from './dio-tracker.js';
import { createFileOpStack, type FileOpStack } from './file-op-stack.js';
import { compareFiles } from './file-order.js';
import { createMappingTable, type MappingTable } from './mapping-table.js';
import type { Policy, PolicyName, StepSink } from './policy.js';
import { createRecentFaults } from './recent-faults.js';

/** A dioInvalidateFail event. */
export type DioInvalidateFailEvent = TraceEvent & { readonly kind: 'dioInvalidateFail' };

/** What the skeleton tracks, for the hooks to read. */
export interface FilePolicyState {
  readonly dios: DioTracker;
  readonly ops: FileOpStack;
  readonly mappings: MappingTable;
}

/** A policy's rules, one per kind of operation. Locks pushed on a `held` list are released at its end. */
export interface FilePolicyHooks {
  /** The DIO of `event` is in flight: take what it holds to its end into `dio.held`. */
  dioBegin(sink: StepSink, dio: InFlightDio, event: DioBeginEvent): void;
  /** The DIO completes (its dioEnd, or its task's next dioBegin), before its locks are released. */
  dioEnding?(sink: StepSink, dio: InFlightDio): void;
  /** The DIO ends at a loss, its dioEnd perhaps lost: what it would report at its end is dropped. */
  dioLost?(dio: InFlightDio): void;
  /** A page-cache invalidation failed under `dio` (undefined: no DIO of the file is known); it ends next. */
  invalidateFail?(sink: StepSink, event: DioInvalidateFailEvent, index: number, dio: InFlightDio | undefined): void;
  /**
   * Pages [index, index + pages) of (dev, ino) read in by `tid`: a FILE fault (`isFault`, one page)
   * or a page-cache add of a task inside its DIO.
   */
  readIn(sink: StepSink, tid: number, dev: number, ino: number, index: number, pages: number, isFault: boolean): void;
  /** A page-cache add by `tid` outside any DIO of its own, and not part of its last fault. */
  pageAdd?(sink: StepSink, tid: number, add: PageCache): void;
  /** Pages [add.index, add.index + 2^add.order) left the page cache. */
  pageDelete?(add: PageCache): void;
  /** A buffered read or write or a readahead begins. */
  bufferedBegin(sink: StepSink, tid: number, pid: number, op: FileOp, held: number[]): void;
  /** A truncate or punch of (dev, ino) begins. */
  truncateBegin(sink: StepSink, tid: number, dev: number, ino: number, held: number[]): void;
  /** A remap of two files begins; `lo` comes first in file order (they may be the same file). */
  remap(sink: StepSink, tid: number, held: number[], loDev: number, loIno: number, hiDev: number, hiIno: number): void;
}

/** A fresh instance (one per replay) of the policy `name` whose rules are the hooks `hooksOf` makes. */
export function createFilePolicy(name: PolicyName, hooksOf: (state: FilePolicyState) => FilePolicyHooks): Policy {
  const dios = createDioTracker();
  const ops = createFileOpStack();
  const mappings = createMappingTable();
  const recent = createRecentFaults();
  const hooks = hooksOf({ dios, ops, mappings });
  // Holds released because their end was lost (at a loss, or found missing).
  let released = 0;
  const dioLost = (dio: InFlightDio): void => hooks.dioLost?.(dio);

  function finish(sink: StepSink, dio: InFlightDio): void {
    hooks.dioEnding?.(sink, dio);
    dios.finish(sink, dio);
  }

  function dioBegin(sink: StepSink, event: DioBeginEvent, index: number): void {
    const previous = dios.current(event.tid);
    if (previous !== undefined) finish(sink, previous);
    // copy_file_range on an O_DIRECT file splices through DIO within its remap.
    if (event.tid !== 0) released += ops.closeAll(sink, event.tid, 'REMAP');
    recent.forget(event.tid);
    hooks.dioBegin(sink, dios.begin(event, index), event);
  }

  function invalidateFail(sink: StepSink, event: DioInvalidateFailEvent, index: number): void {
    const dio = dios.completing(event.tid, event.dioInvalidateFail.dev, event.dioInvalidateFail.ino);
    hooks.invalidateFail?.(sink, event, index, dio);
    if (dio !== undefined) dios.finish(sink, dio);
  }

  function pagecache(sink: StepSink, tid: number, page: PageCache): void {
    if (page.op === 'DELETE') {
      hooks.pageDelete?.(page);
      return;
    }
    if (recent.absorbs(tid, page.dev, page.ino, page.index, page.order)) return;
    if (dios.current(tid) !== undefined) hooks.readIn(sink, tid, page.dev, page.ino, page.index, 2 ** page.order, false);
    else hooks.pageAdd?.(sink, tid, page);
  }

  // What `tid` (0: every task) has open and whose end it lost: its synchronous DIO and its file
  // operations, released and forgotten.
  function closeLost(sink: StepSink, tid: number): void {
    released += dios.forget(sink, tid, dioLost) + ops.closeAll(sink, tid);
  }

  function fileOpBegin(sink: StepSink, tid: number, pid: number, op: FileOp): void {
    recent.forget(tid);
    if (op.op !== 'READAHEAD' && tid !== 0) closeLost(sink, tid);
    const held = ops.open(tid, op).held;
    switch (op.op) {
      case 'BUFFERED_READ':
      case 'BUFFERED_WRITE':
      case 'READAHEAD':
        hooks.bufferedBegin(sink, tid, pid, op, held);
        return;
      case 'TRUNCATE':
      case 'PUNCH':
        hooks.truncateBegin(sink, tid, op.dev, op.ino, held);
        return;
      case 'REMAP':
        if (compareFiles(op.dev, op.ino, op.dev2, op.ino2) <= 0) hooks.remap(sink, tid, held, op.dev, op.ino, op.dev2, op.ino2);
        else hooks.remap(sink, tid, held, op.dev2, op.ino2, op.dev, op.ino);
        return;
      default:
        assertUnreachable(op.op);
    }
  }

  return {
    name,
    lose: (tid, sink) => closeLost(sink, tid),
    releasesAfterLoss: () => released,
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
          hooks.readIn(sink, tid, f.dev, f.ino, f.index, 1, true);
          return;
        }
        case 'pagecache':
          pagecache(sink, tid, event.pagecache);
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
          return; // Nothing to model: contention is observed, not requested; a loss comes as `lose`, the rest never reach a policy.
        default:
          assertUnreachable(event);
      }
    },
  };
}
