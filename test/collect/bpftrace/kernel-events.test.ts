import { describe, expect, it } from 'vitest';
import { createKernelEventDecoder, KERNEL_FIELD_COUNTS } from '../../../src/collect/bpftrace/kernel-events.js';
import { parseBpftraceRecord } from '../../../src/collect/bpftrace/record-line.js';

const decodeAll = (...lines: string[]) => {
  const decoder = createKernelEventDecoder();
  return lines.map((line) => decoder.decode(parseBpftraceRecord(line, KERNEL_FIELD_COUNTS)!));
};
const head = '100 7 6 2';

describe('createKernelEventDecoder', () => {
  it.each([
    { line: `${head} B ab 266338304 2164945 8192 4096 131072 1 0 2 7f3a1c000000`, body: {
      kind: 'dioBegin', dioBegin: { dev: 266338304, ino: 2164945, pos: 8192, len: 4096, write: true, aio: false, flags: 131072, buf: 0x7f3a1c000000n } } },
    { line: `${head} B ab 1 2 0 512 131072 0 1 1 7f00`, body: {
      kind: 'dioBegin', dioBegin: { dev: 1, ino: 2, pos: 0, len: 512, write: false, aio: true, flags: 131072, buf: 0x7f00n } } },
    { line: `${head} B ab 1 2 0 512 131072 0 1 0 0`, body: { kind: 'dioBegin', dioBegin: { write: true, buf: 0n } } },
    { line: `${head} E ab 1 2 4096 -5 -5 0`, body: { kind: 'dioEnd', dioEnd: { dev: 1, ino: 2, pos: 4096, ret: -5, error: -5 } } },
    { line: `${head} I ab 1 2 4096 8192`, body: { kind: 'dioInvalidateFail', dioInvalidateFail: { dev: 1, ino: 2, pos: 4096, len: 8192 } } },
    { line: `${head} F ab 1 2 9`, body: { kind: 'fault', fault: { source: 'FILE', dev: 1, ino: 2, index: 9, address: 0n } } },
    { line: `${head} M ab 1 2 9 12`, body: { kind: 'fault', fault: { source: 'FILE', dev: 1, ino: 2, index: 9 } } },
    { line: `${head} A ab 1 2 9 0`, body: { kind: 'pagecache', pagecache: { op: 'ADD', dev: 1, ino: 2, index: 9, order: 0 } } },
    { line: `${head} D ab 1 2 9 2`, body: { kind: 'pagecache', pagecache: { op: 'DELETE', dev: 1, ino: 2, index: 9, order: 2 } } },
    { line: `${head} U ab 7f0012345678 55d0c0a01149 6`, body: {
      kind: 'fault', fault: { source: 'USER', address: 0x7f0012345678n, ip: 0x55d0c0a01149n, errorCode: 6, write: true } } },
    { line: `${head} K ab 7f0012345678 ffffffff81000000 0`, body: {
      kind: 'fault', fault: { source: 'KERNEL', ip: 0xffffffff81000000n, write: false } } },
    { line: `${head} C ab ffff888104403e80 2`, body: { kind: 'contention', contention: { lockAddr: 0xffff888104403e80n, flags: 2, phase: 'BEGIN' } } },
    { line: `${head} c ab ffff888104403e80 0`, body: { kind: 'contention', contention: { phase: 'END', ret: 0 } } },
    { line: `${head} L ab ffff888104403e80 1`, body: { kind: 'mmapLock', mmapLock: { mm: 0xffff888104403e80n, write: true, phase: 'START' } } },
    { line: `${head} l ab ffff888104403e80 0 1`, body: { kind: 'mmapLock', mmapLock: { write: false, phase: 'ACQUIRED', success: true } } },
    { line: `${head} R ab ffff888104403e80 0`, body: { kind: 'mmapLock', mmapLock: { phase: 'RELEASED' } } },
    { line: `${head} X ab 1`, body: { kind: 'exit' } },
  ])('decodes $line', ({ line, body }) => {
    expect(decodeAll(line)[0]).toMatchObject({ ts: 100, tid: 7, pid: 6, cpu: 2, comm: 'ab', ...body });
  });

  it('keeps the stack of a printed record', () => {
    const record = parseBpftraceRecord(`${head} F ab 1 2 9\n\tffffffff815a7332 filemap_fault+370\n`, KERNEL_FIELD_COUNTS)!;
    expect(createKernelEventDecoder().decode(record)).toMatchObject({ kind: 'fault', stack: [0xffffffff815a7332n] });
  });

  it('makes a task event of the child from the parent\'s fork record', () => {
    expect(decodeAll(`${head} N sh 9 9 1200011`)[0]).toEqual({
      ts: 100, tid: 9, pid: 9, cpu: 2, comm: 'sh', kind: 'task', task: { parentTid: 7, comm: 'sh' },
    });
  });

  it.each([
    { code: 1, op: 'BUFFERED_READ' }, { code: 2, op: 'BUFFERED_WRITE' }, { code: 3, op: 'TRUNCATE' },
    { code: 4, op: 'PUNCH' }, { code: 5, op: 'REMAP' },
  ])('makes a fileOp $op BEGIN of an O record and its END of the o that follows', ({ code, op }) => {
    const fileOp = { op, dev: 266338304, ino: 12, dev2: 266338304, ino2: 11, pos: 4096, len: 8192, buf: 0x7f00n };
    expect(decodeAll(`${head} O ab ${code} 266338304 12 266338304 11 4096 8192 7f00`, `200 7 6 1 o ab ${code}`)).toEqual([
      { ts: 100, tid: 7, pid: 6, cpu: 2, comm: 'ab', kind: 'fileOp', fileOp: { ...fileOp, phase: 'BEGIN' } },
      { ts: 200, tid: 7, pid: 6, cpu: 1, comm: 'ab', kind: 'fileOp', fileOp: { ...fileOp, phase: 'END' } },
    ]);
  });

  it('ends nothing with an o whose O was lost, nor with one of another task', () => {
    expect(decodeAll(`${head} o ab 2`, `${head} O ab 2 1 2 1 2 0 0 0`, '200 8 6 1 o ab 2')).toEqual([undefined, expect.anything(), undefined]);
  });

  it('makes nothing of an O with an unknown operation', () => {
    expect(decodeAll(`${head} O ab 9 1 2 1 2 0 0 0`)).toEqual([undefined]);
  });

  it('joins an mmap entry and its return into one mapping of the return time', () => {
    const [entry, ret] = decodeAll(`${head} m ab 8192 1 1 4096 266338304 465`, '200 7 6 2 p ab 7f478eb18000');
    expect(entry).toBeUndefined();
    expect(ret).toEqual({
      ts: 200, tid: 7, pid: 6, cpu: 2, comm: 'ab',
      kind: 'mapping', mapping: { start: 0x7f478eb18000n, len: 8192, dev: 266338304, ino: 465, offset: 4096 },
    });
  });

  it.each([
    { name: 'a failed mmap', lines: [`${head} m ab 8192 1 1 0 1 2`, '200 7 6 2 p ab fffffffffffffff3'] },
    { name: 'a return without its entry', lines: ['200 7 6 2 p ab 7f478eb18000'] },
    { name: 'a return of another task', lines: [`${head} m ab 8192 1 1 0 1 2`, '200 8 6 2 p ab 7f478eb18000'] },
  ])('makes no mapping of $name', ({ lines }) => {
    expect(decodeAll(...lines).every((e) => e === undefined)).toBe(true);
  });
});
