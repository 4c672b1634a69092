// kernel_stack and user_stack records read at their format files' offsets: as many kernel frames
// as `size` says, user frames up to the first 0; any other record is not a stack.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFtraceStackRecords, type FtraceStackRecords } from '../../../src/collect/ftrace/stack-records.js';

// The format files of kernel 6.18 (events/ftrace/{kernel,user}_stack/format).
const COMMON = [
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;',
  '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;',
  '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;',
  '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;',
].join('\n');
const KERNEL = `name: kernel_stack\nID: 4\nformat:\n${COMMON}\n\n\tfield:int size;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n`;
const USER = `name: user_stack\nID: 13\nformat:\n${COMMON}\n\n\tfield:unsigned int tgid;\toffset:8;\tsize:4;\tsigned:0;\n\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n`;

function record(type: number, second: number, words: readonly bigint[]): DataView {
  const view = new DataView(new ArrayBuffer(16 + 8 * words.length));
  view.setUint16(0, type, true);
  view.setInt32(4, 42, true);
  view.setInt32(8, second, true);
  words.forEach((w, i) => view.setBigUint64(16 + 8 * i, w, true));
  return view;
}

describe('readFtraceStackRecords', () => {
  let dir: string;
  let records: FtraceStackRecords;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-stack-records-'));
    for (const [name, text] of [['kernel_stack', KERNEL], ['user_stack', USER]]) {
      await mkdir(join(dir, 'events', 'ftrace', name), { recursive: true });
      await writeFile(join(dir, 'events', 'ftrace', name, 'format'), text);
    }
    records = readFtraceStackRecords(dir)!;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a kernel stack of any length, as many frames as its size', () => {
    const frames = Array.from({ length: 12 }, (_, i) => 0xffffffff81000000n + BigInt(i));
    const view = record(4, 10, frames);
    expect(records.framesOf(view, 0, view.byteLength)).toEqual({ user: false, frames: frames.slice(0, 10) });
  });

  it('reads a user stack up to its first zero', () => {
    const view = record(13, 42, [0x7f00n, 0x5500n, 0n, 0n, 0n, 0n, 0n, 0n]);
    expect(records.framesOf(view, 0, view.byteLength)).toEqual({ user: true, frames: [0x7f00n, 0x5500n] });
  });

  it('is undefined for any other record, and without the format files', () => {
    const view = record(1135, 0, [1n]);
    expect(records.framesOf(view, 0, view.byteLength)).toBeUndefined();
    expect(readFtraceStackRecords(join(dir, 'none'))).toBeUndefined();
  });
});
