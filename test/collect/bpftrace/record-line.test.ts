import { describe, expect, it } from 'vitest';
import { parseBpftraceRecord, parseStack } from '../../../src/collect/bpftrace/record-line.js';

const COUNTS = { F: 3, X: 1 };

describe('parseBpftraceRecord', () => {
  it.each([
    { line: '710931930782 9080 9081 3 F dd 266338304 260189 21\n', comm: 'dd', fields: ['266338304', '260189', '21'] },
    { line: '10 7 7 0 X kworker/u8:1 1\n', comm: 'kworker/u8:1', fields: ['1'] },
    { line: '10 7 7 0 X my prog  x 1\n', comm: 'my prog  x', fields: ['1'] },
    { line: '10 7 7 0 X  1\n', comm: '', fields: ['1'] },
  ])('takes the fields from the end so that comm "$comm" may hold spaces', ({ line, comm, fields }) => {
    expect(parseBpftraceRecord(line, COUNTS)).toMatchObject({ comm, fields });
  });

  it('reads the common fields and the stack lines after the first line', () => {
    const data = '710931930782 9080 9081 3 F dd 1 2 3\n\tffffffff815a7332 filemap_fault+370\n\tffffffff815f66e4 __do_fault+52\n\n';
    expect(parseBpftraceRecord(data, COUNTS)).toEqual({
      ts: 710931930782, tid: 9080, pid: 9081, cpu: 3, code: 'F', comm: 'dd', fields: ['1', '2', '3'],
      stack: [0xffffffff815a7332n, 0xffffffff815f66e4n],
    });
  });

  it.each([
    'attached kernel\n',
    '10 7 7 0 Q dd 1\n',
    '10 7 7 0 F dd 1 2\n',
    '10 7 7 0 F dd 1 2 zz\n',
    'x 7 7 0 X dd 1\n',
  ])('rejects %j', (line) => {
    expect(parseBpftraceRecord(line, COUNTS)).toBeUndefined();
  });
});

describe('parseStack', () => {
  it.each([
    { text: '\n\t7f00a51e0503 0x7f00a51e0503 ([unknown])\n', stack: [0x7f00a51e0503n] },
    { text: '\n        0x7f00a51e0503\n        0x55d0c0a01149\n', stack: [0x7f00a51e0503n, 0x55d0c0a01149n] },
    { text: '\n', stack: [] },
  ])('reads the addresses of $text', ({ text, stack }) => {
    expect(parseStack(text)).toEqual(stack);
  });
});
