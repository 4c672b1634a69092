import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../src/report/format-event.js';
import type { EventBody } from '../../src/trace/event.js';
import { DEV, event } from '../helpers/report-builders.js';

const at = (body: EventBody, comm: string | undefined = 'ab'): string => formatEvent(event(1234_567_890_123, 17242, body, comm), 12);
const P = '#12 1234.567890123 ab/17242 cpu1';

describe('formatEvent', () => {
  it.each<[string, EventBody, string]>([
    ['dioBegin', { kind: 'dioBegin', dioBegin: { dev: DEV, ino: 12, pos: 0, len: 4096, write: true, aio: false, flags: 0, buf: 0n } },
      `${P} dioBegin dev 254:0 ino 12 pos 0 len 4096 write`],
    ['aio dioBegin from a buffer', { kind: 'dioBegin', dioBegin: { dev: DEV, ino: 12, pos: 0, len: 4096, write: false, aio: true, flags: 0x20, buf: 0x7f0000001000n } },
      `${P} dioBegin dev 254:0 ino 12 pos 0 len 4096 read aio flags 0x20 buf 0x7f0000001000`],
    ['dioEnd', { kind: 'dioEnd', dioEnd: { dev: DEV, ino: 12, pos: 4096, ret: -14, error: -14 } },
      `${P} dioEnd dev 254:0 ino 12 pos 4096 ret -14 error -14`],
    ['dioInvalidateFail', { kind: 'dioInvalidateFail', dioInvalidateFail: { dev: DEV, ino: 12, pos: 0, len: 4096 } },
      `${P} dioInvalidateFail dev 254:0 ino 12 pos 0 len 4096`],
    ['file fault', { kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: DEV, ino: 13, index: 3, write: false } },
      `${P} fault file dev 254:0 ino 13 index 3`],
    ['user fault', { kind: 'fault', fault: { source: 'USER', address: 0x7f00n, ip: 0x401000n, errorCode: 6, dev: 0, ino: 0, index: 0, write: true } },
      `${P} fault user addr 0x7f00 ip 0x401000 error 0x6 write`],
    ['pagecache', { kind: 'pagecache', pagecache: { op: 'ADD', dev: DEV, ino: 13, index: 0, order: 2 } },
      `${P} pagecache add dev 254:0 ino 13 index 0 order 2`],
    ['remap', { kind: 'fileOp', fileOp: { op: 'REMAP', phase: 'BEGIN', dev: DEV, ino: 12, dev2: DEV, ino2: 13, pos: 0, len: 8192, buf: 0n } },
      `${P} fileOp remap begin dev 254:0 ino 12 dev 254:0 ino 13 pos 0 len 8192`],
    ['kernel lock', { kind: 'lock', lock: { op: 'ACQUIRE', lock: 0xffff888012345678n, cls: 'i_rwsem', mode: 'SHARED', try: true, subclass: 1, name: 'inode' } },
      `${P} lock acquire 0xffff888012345678 cls i_rwsem name inode shared try subclass 1`],
    ['small lock id', { kind: 'lock', lock: { op: 'RELEASE', lock: 7n, cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0 } },
      `${P} lock release 7 exclusive`],
    ['pthread init', { kind: 'lock', lock: { op: 'INIT', lock: 7n, cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0, type: 'MUTEX_RECURSIVE', robust: true } },
      `${P} lock init 7 exclusive type mutex_recursive robust`],
    ['pthread failed', { kind: 'lock', lock: { op: 'FAILED', lock: 7n, cls: '', mode: 'SHARED', try: false, subclass: 0, type: 'RWLOCK_PREFER_READER' } },
      `${P} lock failed 7 shared type rwlock_prefer_reader`],
    ['pthread destroy', { kind: 'lock', lock: { op: 'DESTROY', lock: 7n, cls: '', mode: 'EXCLUSIVE', try: false, subclass: 0 } },
      `${P} lock destroy 7 exclusive`],
    ['contention end', { kind: 'contention', contention: { lockAddr: 0xffff8880aaaa0000n, flags: 0x22, phase: 'END', ret: 0 } },
      `${P} contention end addr 0xffff8880aaaa0000 flags 0x22 ret 0`],
    ['mmap lock', { kind: 'mmapLock', mmapLock: { mm: 0xffff888000001000n, write: false, phase: 'ACQUIRED', success: true } },
      `${P} mmapLock acquired mm 0xffff888000001000 read`],
    ['task', { kind: 'task', task: { parentTid: 1, comm: 'ab' } }, `${P} task parent 1 comm ab`],
    ['exit', { kind: 'exit', exit: {} }, `${P} exit`],
    ['join', { kind: 'join', join: { joinedTid: 17243 } }, `${P} join joined 17243`],
    ['lost', { kind: 'lost', lost: { count: 5, source: 'bpftrace' } }, `${P} lost 5 source bpftrace`],
    ['mapping', { kind: 'mapping', mapping: { start: 0x7f0000000000n, len: 8192, dev: DEV, ino: 13, offset: 0 } },
      `${P} mapping 0x7f0000000000 len 8192 dev 254:0 ino 13 offset 0`],
  ])('writes a %s event on one line', (_name, body, line) => {
    expect(at(body)).toBe(line);
  });

  it('writes ?/tid for a task without a comm', () => {
    expect(formatEvent(event(1234_567_890_123, 17242, { kind: 'exit', exit: {} }), 12)).toBe('#12 1234.567890123 ?/17242 cpu1 exit');
  });
});
