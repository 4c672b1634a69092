// The in-flight O_DIRECT request of each task (iomap_dio_rw_begin .. iomap_dio_complete) and the
// synthetic locks a policy holds for it. The one owner of DIO state in a replay: policies read it,
// and a coherency hazard names its DIO's dioBegin (index, ts, stack) from here.
//
// A task runs one synchronous DIO at a time, so a DIO is keyed by tid. Caveat: an aio DIO is
// completed by whichever context finishes the I/O (often a kworker); its dioEnd is matched to the
// oldest in-flight aio DIO of the same file, and until then the submitting task counts as inside
// it. A task that begins a new DIO has finished its previous one.
import { assert } from '../assert.js';
import type { TraceEvent } from '../trace/event.js';
import type { StepSink } from './policy.js';
import { releaseHeld } from './release-held.js';

/**
 * One task's DIO slot. Mutable on purpose: a task's slot is reused for each of its DIOs, so
 * tracking allocates nothing per DIO. Read the fields only while `active`.
 */
export interface InFlightDio {
  readonly tid: number;
  active: boolean;
  dev: number;
  ino: number;
  /** Byte range [pos, pos + len) of the file. */
  pos: number;
  len: number;
  write: boolean;
  aio: boolean;
  /** The dioBegin event: index in the input, ts (ns, trace clock), stack when the trace has one. */
  beginIndex: number;
  beginTs: number;
  beginStack: readonly bigint[] | undefined;
  /** Lock ids the policy holds for this DIO, in acquisition order. */
  readonly held: number[];
}

export interface DioTracker {
  /** Every task's slot, active or not, for scans over all in-flight DIOs (index loop: no iterator). */
  readonly slots: readonly InFlightDio[];
  /** The task's in-flight DIO, if any. */
  current(tid: number): InFlightDio | undefined;
  /** Marks the DIO of `event` (the input's event `index`) in flight; its task must not have one already. */
  begin(event: DioBeginEvent, index: number): InFlightDio;
  /** The DIO that a dioEnd of `tid` on (dev, ino) completes: the task's own, else an aio one of that file. */
  completing(tid: number, dev: number, ino: number): InFlightDio | undefined;
  /** Releases the DIO's locks (on behalf of the task that took them) and ends it. */
  finish(sink: StepSink, dio: InFlightDio): void;
  /**
   * Ends the in-flight DIOs whose dioEnd `tid`'s lost events may hold: with 0 every one, else
   * the task's synchronous DIO (an aio one completes in whichever task finishes the I/O). Each is
   * shown to `forgetting` first; returns how many holds it released. A dioEnd that comes later
   * completes nothing.
   */
  forget(sink: StepSink, tid: number, forgetting: (dio: InFlightDio) => void): number;
}

/** A dioBegin event. */
export type DioBeginEvent = TraceEvent & { readonly kind: 'dioBegin' };

export function createDioTracker(): DioTracker {
  const byTid = new Map<number, InFlightDio>();
  const slots: InFlightDio[] = [];

  function current(tid: number): InFlightDio | undefined {
    const dio = byTid.get(tid);
    return dio !== undefined && dio.active ? dio : undefined;
  }

  function oldestAio(dev: number, ino: number): InFlightDio | undefined {
    let oldest: InFlightDio | undefined;
    for (let i = 0; i < slots.length; i++) {
      const dio = slots[i];
      if (!dio.active || !dio.aio || dio.dev !== dev || dio.ino !== ino) continue;
      if (oldest === undefined || dio.beginIndex < oldest.beginIndex) oldest = dio;
    }
    return oldest;
  }

  function finish(sink: StepSink, dio: InFlightDio): void {
    releaseHeld(sink, dio.tid, dio.held);
    dio.active = false;
  }

  return {
    slots,
    current,
    begin(event, index) {
      const { tid, dioBegin: begin } = event;
      let dio = byTid.get(tid);
      if (dio === undefined) {
        dio = {
          tid, active: false, dev: 0, ino: 0, pos: 0, len: 0, write: false, aio: false,
          beginIndex: 0, beginTs: 0, beginStack: undefined, held: [],
        };
        byTid.set(tid, dio);
        slots.push(dio);
      }
      assert(!dio.active, `task ${tid} begins a DIO inside its DIO; finish the first one`);
      dio.active = true;
      dio.dev = begin.dev;
      dio.ino = begin.ino;
      dio.pos = begin.pos;
      dio.len = begin.len;
      dio.write = begin.write;
      dio.aio = begin.aio;
      dio.beginIndex = index;
      dio.beginTs = event.ts;
      dio.beginStack = event.stack;
      return dio;
    },
    completing(tid, dev, ino) {
      const own = current(tid);
      if (own !== undefined && own.dev === dev && own.ino === ino) return own;
      return oldestAio(dev, ino) ?? own;
    },
    finish,
    forget(sink, tid, forgetting) {
      const end = (dio: InFlightDio): number => {
        const held = dio.held.length;
        forgetting(dio);
        finish(sink, dio);
        return held;
      };
      if (tid !== 0) {
        const own = current(tid);
        return own === undefined || own.aio ? 0 : end(own);
      }
      let released = 0;
      for (let i = 0; i < slots.length; i++) if (slots[i].active) released += end(slots[i]);
      return released;
    },
  };
}
