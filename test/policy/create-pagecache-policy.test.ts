// What naive, fdm and fdm-ordered share, shown through naive (its DIO-write fault rule is the plain one).
import { describe, expect, it } from 'vitest';
import { createFdmOrderedPolicy } from '../../src/policy/fdm-ordered.js';
import { createFdmPolicy } from '../../src/policy/fdm.js';
import { createNaivePolicy } from '../../src/policy/naive.js';
import type { Policy } from '../../src/policy/policy.js';
import {
  A, B, C, MAP_BASE, dioBegin, dioEnd, dioInvalidateFail, event, fileFault, fileOp, mapping, mmapLock, pageAdd,
  pageDelete, userFault,
} from '../helpers/policy-events.js';
import { runPolicy } from '../helpers/policy-recording-sink.js';

const family: readonly (readonly [string, () => Policy])[] = [
  ['naive', createNaivePolicy],
  ['fdm', createFdmPolicy],
  ['fdm-ordered', createFdmOrderedPolicy],
];

describe('page-cache lock policies', () => {
  describe.each(family)('%s', (_name, create) => {
    it('holds only dio_count for a DIO read; a fault inside it still takes ADD', () => {
      expect(runPolicy(create(), [dioBegin(1, A, { write: false }), fileFault(1, B, 0), dioEnd(1, A)]).lines()).toEqual([
        'T1 +dio_count(A) SHARED_RECURSIVE', 'T1 +pagecache(B) ADD', 'T1 -pagecache(B)', 'T1 -dio_count(A)',
      ]);
    });

    it('takes and drops ADD for a file fault outside any operation, waiting while another DIO holds BLOCK', () => {
      expect(runPolicy(create(), [dioBegin(2, B), fileFault(1, B, 5), dioEnd(2, B), fileFault(1, B, 6)]).lines()).toEqual([
        'T2 +pagecache(B) BLOCK', 'T2 +dio_count(B) SHARED_RECURSIVE',
        'T1 +pagecache(B) ADD (waits)', 'T1 -pagecache(B)',
        'T2 -dio_count(B)', 'T2 -pagecache(B)',
        'T1 +pagecache(B) ADD', 'T1 -pagecache(B)',
      ]);
    });

    it.each([
      ['BUFFERED_READ'], ['BUFFERED_WRITE'], ['READAHEAD'],
    ] as const)('holds ADD of the file for a %s, and a fault on another file inside it requests ADD too', (op) => {
      const lines = runPolicy(create(), [fileOp(1, op, 'BEGIN', A), pageAdd(1, A, 0), fileFault(1, B, 0), fileOp(1, op, 'END', A)]).lines();
      expect(lines).toEqual(['T1 +pagecache(A) ADD', 'T1 +pagecache(B) ADD', 'T1 -pagecache(B)', 'T1 -pagecache(A)']);
    });

    it('counts a page-cache add of another file inside a buffered write as a fault on it', () => {
      const lines = runPolicy(create(), [fileOp(1, 'BUFFERED_WRITE', 'BEGIN', A), pageAdd(1, B, 0), fileOp(1, 'BUFFERED_WRITE', 'END', A)]).lines();
      expect(lines).toEqual(['T1 +pagecache(A) ADD', 'T1 +pagecache(B) ADD', 'T1 -pagecache(B)', 'T1 -pagecache(A)']);
    });

    it.each(['TRUNCATE', 'PUNCH'] as const)('waits for the DIOs of the file, then holds BLOCK, for a %s', (op) => {
      expect(runPolicy(create(), [fileOp(1, op, 'BEGIN', A), fileOp(1, op, 'END', A)]).lines()).toEqual([
        'T1 +dio_count(A) EXCLUSIVE', 'T1 -dio_count(A)', 'T1 +pagecache(A) BLOCK', 'T1 -pagecache(A)',
      ]);
    });

    it('locks a remap of (C, A) lower file first: BLOCK of both, then waits for the DIOs of both', () => {
      const lines = runPolicy(create(), [
        fileOp(1, 'REMAP', 'BEGIN', C, { second: A }), fileOp(1, 'REMAP', 'END', C, { second: A }),
      ]).lines();
      expect(lines).toEqual([
        'T1 +pagecache(A) BLOCK', 'T1 +pagecache(C) BLOCK',
        'T1 +dio_count(A) EXCLUSIVE', 'T1 -dio_count(A)', 'T1 +dio_count(C) EXCLUSIVE', 'T1 -dio_count(C)',
        'T1 -pagecache(C)', 'T1 -pagecache(A)',
      ]);
    });

    it('locks a remap of a file with itself once', () => {
      const lines = runPolicy(create(), [fileOp(1, 'REMAP', 'BEGIN', B, { second: B }), fileOp(1, 'REMAP', 'END', B, { second: B })]).lines();
      expect(lines).toEqual(['T1 +pagecache(B) BLOCK', 'T1 +dio_count(B) EXCLUSIVE', 'T1 -dio_count(B)', 'T1 -pagecache(B)']);
    });

    it('ends the DIO at a failed invalidation: the write falls back to buffered, no dio_complete follows', () => {
      const lines = runPolicy(create(), [dioBegin(1, A), dioInvalidateFail(1, A), fileFault(1, B, 0), dioEnd(1, A)]).lines();
      expect(lines).toEqual([
        'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE', 'T1 -dio_count(A)', 'T1 -pagecache(A)',
        'T1 +pagecache(B) ADD', 'T1 -pagecache(B)',
      ]);
    });

    it('releases an aio DIO on its submitter\'s behalf when another context completes it', () => {
      const lines = runPolicy(create(), [dioBegin(1, A, { aio: true }), dioEnd(99, A)]).lines();
      expect(lines).toEqual(['T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE', 'T1 -dio_count(A)', 'T1 -pagecache(A)']);
    });

    it('ignores a dioEnd with no DIO in flight (the trace began inside it)', () => {
      expect(runPolicy(create(), [dioEnd(1, A)]).lines()).toEqual([]);
    });

    it('finishes a task\'s DIO whose completion was not seen when the task begins the next', () => {
      const lines = runPolicy(create(), [dioBegin(1, A, { write: false }), dioBegin(1, B, { write: false }), dioEnd(1, B)]).lines();
      expect(lines).toEqual(['T1 +dio_count(A) SHARED_RECURSIVE', 'T1 -dio_count(A)', 'T1 +dio_count(B) SHARED_RECURSIVE', 'T1 -dio_count(B)']);
    });

    it('counts a fault and the add that reads its page in as one request, and another page as another', () => {
      // Outside a DIO or buffered op only the fault requests ADD: the adds are its own work.
      const outside = runPolicy(create(), [fileFault(1, B, 4), pageAdd(1, B, 4), pageAdd(1, B, 5)]).lines();
      expect(outside).toEqual(['T1 +pagecache(B) ADD', 'T1 -pagecache(B)']);
      const inside = runPolicy(create(), [dioBegin(1, A), fileFault(1, B, 4), pageAdd(1, B, 4), pageAdd(1, B, 5), dioEnd(1, A)]).lines();
      expect(inside.filter((l) => l === 'T1 +pagecache(B) ADD')).toHaveLength(2);
    });

    it('ignores faults that name no file, page-cache deletes, and contention', () => {
      const contention = event(1, { kind: 'contention', contention: { lockAddr: 1n, flags: 2, phase: 'BEGIN', ret: 0 } });
      expect(runPolicy(create(), [dioBegin(1, A), userFault(1, MAP_BASE), pageDelete(1, A, 0), contention, dioEnd(1, A)]).lines())
        .toHaveLength(4);
    });

    it('leaves mmap_lock events to the mmap_lock option of createPolicy', () => {
      const lines = runPolicy(create(), [mmapLock(1, 0xffff888012345678n, 'START', { write: true }), mmapLock(1, 0xffff888012345678n, 'RELEASED')]).lines();
      expect(lines).toEqual([]);
    });
  });

  describe('buffer provenance', () => {
    const start = MAP_BASE + 0x1000n;

    it.each([
      ['inside the mapping', start, 1, ['T1 +pagecache(B) ADD', 'T1 -pagecache(B)']],
      ['at its last byte', MAP_BASE + 65535n, 1, ['T1 +pagecache(B) ADD', 'T1 -pagecache(B)']],
      ['just past its end', MAP_BASE + 65536n, 1, []],
      ['of another process', start, 2, []],
    ] as const)('treats a DIO from a buffer %s of B as a fault on B', (_what, buf, pid, extra) => {
      const lines = runPolicy(createNaivePolicy(), [mapping(pid, MAP_BASE, B), dioBegin(1, A, { buf }), dioEnd(1, A)]).lines();
      expect(lines).toEqual(['T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE', ...extra, 'T1 -dio_count(A)', 'T1 -pagecache(A)']);
    });

    it('knows the mappings of a thread\'s process', () => {
      const lines = runPolicy(createNaivePolicy(), [mapping(10, MAP_BASE, B), dioBegin(11, A, { buf: start, pid: 10 }), dioEnd(11, A)]).lines();
      expect(lines).toContain('T11 +pagecache(B) ADD');
    });

    it('uses the newest mapping of an address', () => {
      const lines = runPolicy(createNaivePolicy(), [mapping(1, MAP_BASE, B), mapping(1, MAP_BASE, C, 4096), dioBegin(1, A, { buf: MAP_BASE }), dioEnd(1, A)]).lines();
      expect(lines).toContain('T1 +pagecache(C) ADD');
      expect(lines).not.toContain('T1 +pagecache(B) ADD');
    });

    it('treats a buffered write from a mapping of A as a fault on A while ADD(B) is held', () => {
      const lines = runPolicy(createNaivePolicy(), [
        mapping(1, MAP_BASE, A), fileOp(1, 'BUFFERED_WRITE', 'BEGIN', B, { buf: start }), fileOp(1, 'BUFFERED_WRITE', 'END', B),
      ]).lines();
      expect(lines).toEqual(['T1 +pagecache(B) ADD', 'T1 +pagecache(A) ADD', 'T1 -pagecache(A)', 'T1 -pagecache(B)']);
    });
  });
});
