// Frames as lockdep prints them, names from the trace escaped, the tracing machinery left out.
import { describe, expect, it } from 'vitest';
import { frameText, withoutTracingFrames } from '../../src/report/frame-text.js';
import type { FrameEntry } from '../../src/trace/trace-symbols.js';

const K = 0xffffffff81234567n;
const U = 0x5581a8c3b040n;

describe('frameText', () => {
  it.each([
    [{ pid: 0, addr: K, symbol: '__x64_sys_pwrite64', offset: 0x53, size: 0x90 }, '__x64_sys_pwrite64+0x53/0x90'],
    [{ pid: 0, addr: K, symbol: 'xfs_file_dio_write', offset: 0x10, size: 0x400, module: 'xfs' }, 'xfs_file_dio_write+0x10/0x400 [xfs]'],
    [{ pid: 0, addr: K }, '0xffffffff81234567'],
    [{ pid: 7, addr: U, symbol: 'main', offset: 0x2a, module: '/tmp/ab', file: '/src/ab.c', line: 41 }, 'main+0x2a (ab.c:41)'],
    [{ pid: 7, addr: U, symbol: 'pthread_mutex_lock', offset: 4, module: '/lib/x86_64-linux-gnu/libc.so.6' }, 'pthread_mutex_lock+0x4 (libc.so.6)'],
    [{ pid: 7, addr: U, module: '/lib/libc.so.6', file: 'pthread_create.c', line: 442 }, '0x5581a8c3b040 (pthread_create.c:442)'],
    [{ pid: 7, addr: U }, '0x5581a8c3b040'],
  ] as const)('prints frame %# as lockdep does', (frame, text) => {
    expect(frameText(frame as FrameEntry)).toBe(text);
  });

  it('escapes control characters in names and paths', () => {
    expect(frameText({ pid: 7, addr: U, symbol: 'evil\x1b[2J', offset: 0, module: '/tmp/a\nb' })).toBe('evil\\x1b[2J+0x0 (a\\x0ab)');
  });
});

describe('withoutTracingFrames', () => {
  it('drops the tracepoint machinery at the top, never the whole stack', () => {
    const frames: FrameEntry[] = ['trace_event_raw_event_mmap_lock', '__traceiter_mmap_lock_start_locking', 'vm_mmap_pgoff']
      .map((symbol, i) => ({ pid: 0, addr: K + BigInt(i), symbol, offset: 0 }));
    expect(withoutTracingFrames(frames).map((f) => f.symbol)).toEqual(['vm_mmap_pgoff']);
    expect(withoutTracingFrames(frames.slice(0, 1))).toHaveLength(1);
  });
});
