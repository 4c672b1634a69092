// The policy skeleton: which hook each event reaches, with what, and what the skeleton does itself
// (DIO lifetimes, fault/add pairing, remap file order, locks held to an operation's end).
import { describe, expect, it } from 'vitest';
import { createFilePolicy, type FilePolicyHooks } from '../../src/policy/create-file-policy.js';
import type { StepSink } from '../../src/policy/policy.js';
import { fileKey } from '../../src/trace/dev.js';
import type { TraceEvent } from '../../src/trace/event.js';
import {
  A, B, FILE_ALIASES, MAP_BASE, dioBegin, dioEnd, dioInvalidateFail, fileFault, fileOp, mapping, mmapLock, pageAdd,
  pageDelete, userFault,
} from '../helpers/policy-events.js';
import { createRecordingSink, runPolicy } from '../helpers/policy-recording-sink.js';

const name = (dev: number, ino: number): string => FILE_ALIASES.get(fileKey(dev, ino)) ?? fileKey(dev, ino);

// One EXCLUSIVE lock on `file`, held to the operation's end.
function hold(sink: StepSink, tid: number, held: number[], file: string): void {
  const lock = sink.lockId({ cls: 'x', lock: file, subclass: 0 });
  sink.acquire(tid, lock, 'EXCLUSIVE', false);
  held.push(lock);
}

// A policy whose hooks record their calls as lines (before the sink's lines); bufferedBegin,
// truncateBegin and remap hold one lock on the (first) file, so the skeleton's release at END shows.
function recordingPolicy(): { apply(events: readonly TraceEvent[]): string[] } {
  const calls: string[] = [];
  const policy = createFilePolicy('naive', ({ dios, mappings }): FilePolicyHooks => ({
    dioBegin(sink, dio, event) {
      const mapped = mappings.at(event.pid, event.dioBegin.buf);
      calls.push(`T${dio.tid} dioBegin ${name(dio.dev, dio.ino)}@${dio.beginIndex}${mapped === undefined ? '' : ` buf in ${name(mapped.dev, mapped.ino)}`}`);
    },
    dioEnding(_sink, dio) {
      calls.push(`T${dio.tid} dioEnding ${name(dio.dev, dio.ino)}@${dio.beginIndex}`);
    },
    invalidateFail(_sink, event, index, dio) {
      calls.push(`T${event.tid} invalidateFail@${index} ${dio === undefined ? 'no DIO' : `DIO@${dio.beginIndex}`}`);
    },
    readIn(_sink, tid, dev, ino, index, pages, isFault) {
      calls.push(`T${tid} readIn ${name(dev, ino)}[${index}+${pages}] ${isFault ? 'fault' : 'add'} in DIO: ${dios.current(tid) !== undefined}`);
    },
    pageAdd(_sink, tid, add) {
      calls.push(`T${tid} pageAdd ${name(add.dev, add.ino)}[${add.index}]`);
    },
    pageDelete(page) {
      calls.push(`pageDelete ${name(page.dev, page.ino)}[${page.index}]`);
    },
    bufferedBegin(sink, tid, pid, op, held) {
      calls.push(`T${tid} bufferedBegin ${op.op} ${name(op.dev, op.ino)} pid ${pid}`);
      hold(sink, tid, held, name(op.dev, op.ino));
    },
    truncateBegin(sink, tid, dev, ino, held) {
      calls.push(`T${tid} truncateBegin ${name(dev, ino)}`);
      hold(sink, tid, held, name(dev, ino));
    },
    remap(sink, tid, held, loDev, loIno, hiDev, hiIno) {
      calls.push(`T${tid} remap ${name(loDev, loIno)} then ${name(hiDev, hiIno)}`);
      hold(sink, tid, held, name(loDev, loIno));
    },
  }));
  return {
    apply(events) {
      const sink = runPolicy(policy, events, createRecordingSink());
      return [...calls, ...sink.lines()];
    },
  };
}

describe('policy skeleton', () => {
  it('hands a DIO to dioBegin and, at its dioEnd, to dioEnding before the DIO ends', () => {
    expect(recordingPolicy().apply([dioBegin(1, A), dioEnd(1, A), fileFault(1, B)])).toEqual([
      'T1 dioBegin A@0', 'T1 dioEnding A@0', 'T1 readIn B[0+1] fault in DIO: false',
    ]);
  });

  it('ends a task\'s DIO still in flight when it begins its next one', () => {
    expect(recordingPolicy().apply([dioBegin(1, A), dioBegin(1, B), fileFault(1, A)])).toEqual([
      'T1 dioBegin A@0', 'T1 dioEnding A@0', 'T1 dioBegin B@1', 'T1 readIn A[0+1] fault in DIO: true',
    ]);
  });

  it('hands an invalidation failure its DIO, then ends the DIO without dioEnding', () => {
    expect(recordingPolicy().apply([dioBegin(1, A), dioInvalidateFail(1, A), dioInvalidateFail(1, A), dioEnd(1, A)])).toEqual([
      'T1 dioBegin A@0', 'T1 invalidateFail@1 DIO@0', 'T1 invalidateFail@2 no DIO',
    ]);
  });

  it('hands FILE faults to readIn and ignores the exceptions:page_fault_* ones', () => {
    expect(recordingPolicy().apply([userFault(1, MAP_BASE), fileFault(1, A, 3)])).toEqual([
      'T1 readIn A[3+1] fault in DIO: false',
    ]);
  });

  it('counts the page-cache add that completes a fault as that fault, once', () => {
    expect(recordingPolicy().apply([fileFault(1, A, 3), pageAdd(1, A, 3), pageAdd(1, A, 3)])).toEqual([
      'T1 readIn A[3+1] fault in DIO: false', 'T1 pageAdd A[3]',
    ]);
  });

  it('hands a page-cache add inside the task\'s DIO to readIn, with its pages, and any other to pageAdd', () => {
    expect(recordingPolicy().apply([dioBegin(1, A), pageAdd(1, B, 4, 2), pageAdd(2, B, 4), pageDelete(2, B, 4)])).toEqual([
      'T1 dioBegin A@0', 'T1 readIn B[4+4] add in DIO: true', 'T2 pageAdd B[4]', 'pageDelete B[4]',
    ]);
  });

  it('keeps mappings for the hooks to read a buffer\'s file', () => {
    expect(recordingPolicy().apply([mapping(1, MAP_BASE, B), dioBegin(1, A, { buf: MAP_BASE + 8n })])).toEqual([
      'T1 dioBegin A@1 buf in B',
    ]);
  });

  it.each([
    ['BUFFERED_READ', 'T1 bufferedBegin BUFFERED_READ A pid 1'],
    ['BUFFERED_WRITE', 'T1 bufferedBegin BUFFERED_WRITE A pid 1'],
    ['READAHEAD', 'T1 bufferedBegin READAHEAD A pid 1'],
    ['TRUNCATE', 'T1 truncateBegin A'],
    ['PUNCH', 'T1 truncateBegin A'],
  ] as const)('hands a %s to its hook and releases what it held at its END', (op, call) => {
    expect(recordingPolicy().apply([fileOp(1, op, 'BEGIN', A), fileOp(1, op, 'END', A)])).toEqual([call, 'T1 +x(A) EXCLUSIVE', 'T1 -x(A)']);
  });

  it.each([
    ['in order', A, B],
    ['in reverse order', B, A],
  ])('hands a remap its files lower first (given %s)', (_how, first, second) => {
    expect(recordingPolicy().apply([fileOp(1, 'REMAP', 'BEGIN', first, { second }), fileOp(1, 'REMAP', 'END', first, { second })])).toEqual([
      'T1 remap A then B', 'T1 +x(A) EXCLUSIVE', 'T1 -x(A)',
    ]);
  });

  it('hands nothing on for mmap_lock events (create-policy.ts models them on request)', () => {
    expect(recordingPolicy().apply([mmapLock(1, 0x1000n, 'START'), mmapLock(1, 0x1000n, 'ACQUIRED')])).toEqual([]);
  });
});
