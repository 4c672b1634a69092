// The open file operations of each task (fileOp BEGIN .. END: truncate, punch, remap, buffered
// read/write, readahead) and the synthetic locks a policy holds for each. They nest (a buffered
// read may start readahead), so each task has a stack; an END closes the innermost open frame of
// the same operation and file. An END without a BEGIN (the trace started inside it, or its frame
// was closed as lost: closeAll) is ignored.
import type { FileOp, FileOpKind } from '../trace/event.js';
import type { StepSink } from './policy.js';
import { releaseHeld } from './release-held.js';

/** One open operation. Mutable on purpose: frames are pooled per task and reused. */
export interface FileOpFrame {
  op: FileOpKind;
  dev: number;
  ino: number;
  /** Lock ids the policy holds until END, in acquisition order. */
  readonly held: number[];
}

export interface FileOpStack {
  /** Opens a frame for the BEGIN of `op` by `tid`; the caller fills `held`. */
  open(tid: number, op: FileOp): FileOpFrame;
  /** Releases and closes the innermost open frame matching this END; false when there is none. */
  close(sink: StepSink, tid: number, op: FileOp): boolean;
  /**
   * Releases and closes every open frame of `tid` (0: of every task) but those of operation
   * `except`, innermost first: their ENDs may have been lost. Returns how many holds it released;
   * an END that comes later finds no frame and is ignored.
   */
  closeAll(sink: StepSink, tid: number, except?: FileOpKind): number;
  /** The innermost open buffered read/write or readahead of `tid`, if any. */
  innermostBuffered(tid: number): FileOpFrame | undefined;
}

interface TaskFrames { readonly frames: FileOpFrame[]; depth: number }

// True for the operations that go through the page cache (and so take its ADD state).
function isBufferedOp(op: FileOpKind): boolean {
  return op === 'BUFFERED_READ' || op === 'BUFFERED_WRITE' || op === 'READAHEAD';
}

// Closes the task's open frames but those of `except` (innermost first); the kept ones stay open,
// in order, before the closed ones (reused later). Allocates only when one is kept.
function closeFrames(sink: StepSink, tid: number, task: TaskFrames, except: FileOpKind | undefined): number {
  let released = 0;
  let kept = 0;
  for (let i = task.depth - 1; i >= 0; i--) {
    const frame = task.frames[i];
    if (frame.op === except) {
      kept++;
      continue;
    }
    released += frame.held.length;
    releaseHeld(sink, tid, frame.held);
  }
  if (kept > 0) {
    const open = task.frames.slice(0, task.depth);
    task.frames.splice(0, open.length, ...open.filter((f) => f.op === except), ...open.filter((f) => f.op !== except));
  }
  task.depth = kept;
  return released;
}

export function createFileOpStack(): FileOpStack {
  const byTid = new Map<number, TaskFrames>();
  return {
    open(tid, fileOp) {
      let task = byTid.get(tid);
      if (task === undefined) {
        task = { frames: [], depth: 0 };
        byTid.set(tid, task);
      }
      if (task.depth === task.frames.length) task.frames.push({ op: fileOp.op, dev: 0, ino: 0, held: [] });
      const frame = task.frames[task.depth++];
      frame.op = fileOp.op;
      frame.dev = fileOp.dev;
      frame.ino = fileOp.ino;
      frame.held.length = 0;
      return frame;
    },
    close(sink, tid, fileOp) {
      const task = byTid.get(tid);
      if (task === undefined) return false;
      for (let i = task.depth - 1; i >= 0; i--) {
        const frame = task.frames[i];
        if (frame.op !== fileOp.op || frame.dev !== fileOp.dev || frame.ino !== fileOp.ino) continue;
        releaseHeld(sink, tid, frame.held);
        // Keep the open frames contiguous: move the closed one to the end of the open part.
        for (let j = i; j < task.depth - 1; j++) task.frames[j] = task.frames[j + 1];
        task.frames[task.depth - 1] = frame;
        task.depth--;
        return true;
      }
      return false;
    },
    closeAll(sink, tid, except) {
      if (tid !== 0) {
        const task = byTid.get(tid);
        return task === undefined ? 0 : closeFrames(sink, tid, task, except);
      }
      let released = 0;
      for (const [taskTid, task] of byTid) released += closeFrames(sink, taskTid, task, except);
      return released;
    },
    innermostBuffered(tid) {
      const task = byTid.get(tid);
      if (task === undefined) return undefined;
      for (let i = task.depth - 1; i >= 0; i--) if (isBufferedOp(task.frames[i].op)) return task.frames[i];
      return undefined;
    },
  };
}
