// The seed thread's scenarios (docs/design.md §6) as event sequences. Each comes in two shapes: with the
// fault events a kernel trace shows when the buffer's pages are read in (`faults`), and with only
// the buffer's provenance, the pages already mapped so no fault event fires (`buffers`).
import type { TraceEvent } from '../../src/trace/event.js';
import { A, B, C, MAP_BASE, dioBegin, dioEnd, fileFault, fileOp, mapping, pageAdd, type TestFile } from './policy-events.js';

export type ScenarioName = 'S1' | 'S2' | 'S2-apart' | 'S3' | 'S4' | 'S5';
export type ScenarioShape = 'faults' | 'buffers';

/** Process `pid` maps `f` at MAP_BASE: the buffer it does its I/O from. */
function mapped(pid: number, f: TestFile): TraceEvent {
  return mapping(pid, MAP_BASE, f);
}

const faults: Readonly<Record<ScenarioName, readonly TraceEvent[]>> = {
  // One task: DIO write to A from mmap(A); the fault reads page 0 of A in.
  S1: [dioBegin(1, A), fileFault(1, A, 0), pageAdd(1, A, 0), dioEnd(1, A)],
  // T1: DIO A from mmap(B); T2: DIO B from mmap(A); both in flight at once.
  S2: [dioBegin(1, A), dioBegin(2, B), fileFault(1, B, 0), fileFault(2, A, 0), dioEnd(1, A), dioEnd(2, B)],
  // The same two DIOs one after the other: no wait, only the lock order.
  'S2-apart': [dioBegin(1, A), fileFault(1, B, 0), dioEnd(1, A), dioBegin(2, B), fileFault(2, A, 0), dioEnd(2, B)],
  // Ring of three: A from mmap(B), B from mmap(C), C from mmap(A).
  S3: [
    dioBegin(1, A), dioBegin(2, B), dioBegin(3, C),
    fileFault(1, B, 0), fileFault(2, C, 0), fileFault(3, A, 0),
    dioEnd(1, A), dioEnd(2, B), dioEnd(3, C),
  ],
  // T1: DIO A from mmap(B); T2: buffered write to B from mmap(A).
  S4: [
    dioBegin(1, A), fileOp(2, 'BUFFERED_WRITE', 'BEGIN', B),
    fileFault(1, B, 0), fileFault(2, A, 0),
    dioEnd(1, A), fileOp(2, 'BUFFERED_WRITE', 'END', B),
  ],
  // T1: DIO A from mmap(B); T2: reflink A and B.
  S5: [
    dioBegin(1, A), fileOp(2, 'REMAP', 'BEGIN', A, { second: B }),
    fileFault(1, B, 0),
    dioEnd(1, A), fileOp(2, 'REMAP', 'END', A, { second: B }),
  ],
};

const buffers: Readonly<Record<ScenarioName, readonly TraceEvent[]>> = {
  S1: [mapped(1, A), dioBegin(1, A, { buf: MAP_BASE }), dioEnd(1, A)],
  S2: [mapped(1, B), mapped(2, A), dioBegin(1, A, { buf: MAP_BASE }), dioBegin(2, B, { buf: MAP_BASE }), dioEnd(1, A), dioEnd(2, B)],
  'S2-apart': [mapped(1, B), mapped(2, A), dioBegin(1, A, { buf: MAP_BASE }), dioEnd(1, A), dioBegin(2, B, { buf: MAP_BASE }), dioEnd(2, B)],
  S3: [
    mapped(1, B), mapped(2, C), mapped(3, A),
    dioBegin(1, A, { buf: MAP_BASE }), dioBegin(2, B, { buf: MAP_BASE }), dioBegin(3, C, { buf: MAP_BASE }),
    dioEnd(1, A), dioEnd(2, B), dioEnd(3, C),
  ],
  S4: [
    mapped(1, B), mapped(2, A),
    dioBegin(1, A, { buf: MAP_BASE }), fileOp(2, 'BUFFERED_WRITE', 'BEGIN', B, { buf: MAP_BASE }),
    dioEnd(1, A), fileOp(2, 'BUFFERED_WRITE', 'END', B),
  ],
  S5: [
    mapped(1, B),
    dioBegin(1, A, { buf: MAP_BASE }), fileOp(2, 'REMAP', 'BEGIN', A, { second: B }),
    dioEnd(1, A), fileOp(2, 'REMAP', 'END', A, { second: B }),
  ],
};

export const SCENARIO_NAMES: readonly ScenarioName[] = ['S1', 'S2', 'S2-apart', 'S3', 'S4', 'S5'];

export function scenario(name: ScenarioName, shape: ScenarioShape = 'faults'): readonly TraceEvent[] {
  return (shape === 'faults' ? faults : buffers)[name];
}
