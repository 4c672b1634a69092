import { describe, expect, it } from 'vitest';
import { createPthreadEventDecoder, PTHREAD_FIELD_COUNTS } from '../../src/collect/pthread-events.js';
import { parseBpftraceRecord } from '../../src/collect/bpftrace-record.js';

const opsOf = (lines: string[], nameOf?: (pid: number, lock: bigint) => string | undefined) => {
  const decoder = createPthreadEventDecoder(nameOf);
  return lines.map((line) => {
    const e = decoder.decode(parseBpftraceRecord(line, PTHREAD_FIELD_COUNTS)!);
    return e?.kind === 'lock' ? `${e.tid} ${e.lock.op}${e.lock.try ? ' try' : ''} ${e.lock.lock.toString(16)} ${e.lock.mode}` : undefined;
  });
};

describe('createPthreadEventDecoder', () => {
  it.each([
    { name: 'a mutex lock and unlock', lines: ['1 5 5 0 L a 1000 0', '2 5 5 0 U a 1000 0'],
      ops: ['5 ACQUIRE 1000 EXCLUSIVE', '5 RELEASE 1000 EXCLUSIVE'] },
    { name: 'a read lock released by rwlock unlock', lines: ['1 5 5 0 L a 2000 1', '2 5 5 0 U a 2000 1'],
      ops: ['5 ACQUIRE 2000 SHARED', '5 RELEASE 2000 SHARED'] },
    { name: 'a recursive read lock, then a write lock', lines: [
      '1 5 5 0 L a 2000 1', '2 5 5 0 L a 2000 1', '3 5 5 0 U a 2000 1', '4 5 5 0 U a 2000 1', '5 5 5 0 L a 2000 0', '6 5 5 0 U a 2000 1'],
      ops: ['5 ACQUIRE 2000 SHARED', '5 ACQUIRE 2000 SHARED', '5 RELEASE 2000 SHARED', '5 RELEASE 2000 SHARED',
        '5 ACQUIRE 2000 EXCLUSIVE', '5 RELEASE 2000 EXCLUSIVE'] },
    { name: 'a successful and a failed trylock', lines: ['1 5 5 0 T a 1000 0 0', '2 6 5 0 T a 1000 0 16'],
      ops: ['5 ACQUIRE try 1000 EXCLUSIVE', '6 TRY_FAILED try 1000 EXCLUSIVE'] },
    { name: 'a read lock of another task', lines: ['1 5 5 0 L a 2000 1', '2 6 5 0 U a 2000 1'],
      ops: ['5 ACQUIRE 2000 SHARED', '6 RELEASE 2000 EXCLUSIVE'] },
  ])('decodes $name', ({ lines, ops }) => {
    expect(opsOf(lines)).toEqual(ops);
  });

  it('names a lock by its symbol and keeps the stack', () => {
    const decoder = createPthreadEventDecoder((pid, lock) => (pid === 5 && lock === 0x1000n ? 'lock_a' : undefined));
    const e = decoder.decode(parseBpftraceRecord('1 5 5 0 L a 1000 0\n\t7f00a51e0503 0x7f00a51e0503 ([unknown])\n', PTHREAD_FIELD_COUNTS)!);
    expect(e).toMatchObject({ kind: 'lock', lock: { name: 'lock_a', cls: '', subclass: 0 }, stack: [0x7f00a51e0503n] });
  });
});
