import { describe, expect, it } from 'vitest';
import { createPthreadEventDecoder, PTHREAD_FIELD_COUNTS } from '../../../src/collect/pthread/pthread-events.js';
import { parseBpftraceRecord } from '../../../src/collect/bpftrace/record-line.js';
import type { TraceEvent } from '../../../src/trace/event.js';

// One line per event: "TID OP[ try] LOCK MODE[ type TYPE][ robust]", or the event's kind and fields.
function describeEvent(e: TraceEvent | undefined): string | undefined {
  if (e === undefined) return undefined;
  switch (e.kind) {
    case 'lock': {
      const l = e.lock;
      return `${e.tid} ${l.op}${l.try ? ' try' : ''} ${l.lock.toString(16)} ${l.mode}${l.type === undefined ? '' : ` type ${l.type}`}${l.robust === true ? ' robust' : ''}`;
    }
    case 'task': return `${e.tid} task pid ${e.pid} parent ${e.task.parentTid} ${e.task.comm}`;
    case 'join': return `${e.tid} join ${e.join.joinedTid}`;
    case 'exit': return `${e.tid} exit`;
    default: return e.kind;
  }
}

const opsOf = (lines: string[], nameOf?: (pid: number, lock: bigint) => string | undefined): (string | undefined)[] => {
  const decoder = createPthreadEventDecoder(nameOf);
  return lines.map((line) => describeEvent(decoder.decode(parseBpftraceRecord(line, PTHREAD_FIELD_COUNTS)!)));
};

describe('createPthreadEventDecoder', () => {
  it.each([
    { name: 'a mutex lock and unlock, typed at first use', lines: ['1 5 5 0 L a 1000 0 0 0', '2 5 5 0 U a 1000 0', '3 5 5 0 L a 1000 0 0 0'],
      ops: ['5 ACQUIRE 1000 EXCLUSIVE type MUTEX', '5 RELEASE 1000 EXCLUSIVE', '5 ACQUIRE 1000 EXCLUSIVE'] },
    { name: 'a read lock released by rwlock unlock', lines: ['1 5 5 0 L a 2000 1 1 0', '2 5 5 0 U a 2000 1'],
      ops: ['5 ACQUIRE 2000 SHARED type RWLOCK_PREFER_READER', '5 RELEASE 2000 SHARED'] },
    { name: 'a recursive read lock, then a write lock', lines: [
      '1 5 5 0 L a 2000 1 1 2', '2 5 5 0 L a 2000 1 1 2', '3 5 5 0 U a 2000 1', '4 5 5 0 U a 2000 1', '5 5 5 0 L a 2000 0 1 2', '6 5 5 0 U a 2000 1'],
      ops: ['5 ACQUIRE 2000 SHARED type RWLOCK_PREFER_WRITER_NONRECURSIVE', '5 ACQUIRE 2000 SHARED', '5 RELEASE 2000 SHARED', '5 RELEASE 2000 SHARED',
        '5 ACQUIRE 2000 EXCLUSIVE', '5 RELEASE 2000 EXCLUSIVE'] },
    { name: 'a successful and a failed trylock', lines: ['1 5 5 0 T a 1000 0 0 1 0', '2 6 5 0 T a 1000 0 0 1 16'],
      ops: ['5 ACQUIRE try 1000 EXCLUSIVE type MUTEX_RECURSIVE', '6 TRY_FAILED try 1000 EXCLUSIVE'] },
    { name: 'a read lock of another task', lines: ['1 5 5 0 L a 2000 1 1 -1', '2 6 5 0 U a 2000 1'],
      ops: ['5 ACQUIRE 2000 SHARED', '6 RELEASE 2000 EXCLUSIVE'] },
    { name: 'a timed lock that timed out: the request, then FAILED of its mode', lines: ['1 5 5 0 L a 2000 1 1 0', '2 5 5 0 F a 2000 110', '3 5 5 0 U a 2000 1'],
      ops: ['5 ACQUIRE 2000 SHARED type RWLOCK_PREFER_READER', '5 FAILED 2000 SHARED', '5 RELEASE 2000 EXCLUSIVE'] },
    { name: 'a robust errorcheck mutex init, use, destroy and a new init at the same address', lines: [
      '1 5 5 0 I a 3000 0 146', '2 5 5 0 L a 3000 0 0 146', '3 5 5 0 U a 3000 0', '4 5 5 0 D a 3000 0', '5 5 5 0 I a 3000 0 0', '6 5 5 0 L a 3000 0 0 0'],
      ops: ['5 INIT 3000 EXCLUSIVE type MUTEX_ERRORCHECK robust', '5 ACQUIRE 3000 EXCLUSIVE', '5 RELEASE 3000 EXCLUSIVE', '5 DESTROY 3000 EXCLUSIVE',
        '5 INIT 3000 EXCLUSIVE type MUTEX', '5 ACQUIRE 3000 EXCLUSIVE'] },
    { name: 'a lock whose kind changed without an init (memory reused)', lines: ['1 5 5 0 L a 1000 0 0 0', '2 5 5 0 U a 1000 0', '3 5 5 0 L a 1000 0 0 1'],
      ops: ['5 ACQUIRE 1000 EXCLUSIVE type MUTEX', '5 RELEASE 1000 EXCLUSIVE', '5 ACQUIRE 1000 EXCLUSIVE type MUTEX_RECURSIVE'] },
    { name: 'a condition wait: its mutex released, then taken again', lines: ['1 5 5 0 L a 1000 0 0 0', '2 5 5 0 W a 1000 0', '3 5 5 0 A a 1000 0', '4 5 5 0 U a 1000 0'],
      ops: ['5 ACQUIRE 1000 EXCLUSIVE type MUTEX', '5 RELEASE 1000 EXCLUSIVE', '5 ACQUIRE 1000 EXCLUSIVE', '5 RELEASE 1000 EXCLUSIVE'] },
    { name: 'spin unlock-or-init: a typed RELEASE each time, left to spin-unlocks.ts', lines: [
      '1 5 5 0 U a 4000 2', '2 5 5 0 T a 4000 0 2 -1 0', '3 5 5 0 U a 4000 2', '4 5 5 0 D a 4000 2'],
      ops: ['5 RELEASE 4000 EXCLUSIVE type SPINLOCK', '5 ACQUIRE try 4000 EXCLUSIVE', '5 RELEASE 4000 EXCLUSIVE type SPINLOCK', '5 DESTROY 4000 EXCLUSIVE'] },
    { name: 'thread create, join and exit', lines: ['1 5 5 0 N a 6 5 4001536', '2 6 5 1 X a', '3 5 5 0 J a 6'],
      ops: ['6 task pid 5 parent 5 a', '6 exit', '5 join 6'] },
    { name: 'an unknown mode or primitive', lines: ['1 5 5 0 L a 1000 2 0 0', '1 5 5 0 L a 1000 0 3 0', '1 5 5 0 U a 1000 3'],
      ops: [undefined, undefined, undefined] },
  ])('decodes $name', ({ lines, ops }) => {
    expect(opsOf(lines)).toEqual(ops);
  });

  it('names a lock by its symbol and keeps the stack', () => {
    const decoder = createPthreadEventDecoder((pid, lock) => (pid === 5 && lock === 0x1000n ? 'lock_a' : undefined));
    const e = decoder.decode(parseBpftraceRecord('1 5 5 0 L a 1000 0 0 0\n\t7f00a51e0503 0x7f00a51e0503 ([unknown])\n', PTHREAD_FIELD_COUNTS)!);
    expect(e).toMatchObject({ kind: 'lock', lock: { name: 'lock_a', cls: '', subclass: 0 }, stack: [0x7f00a51e0503n] });
  });
});
