import { describe, expect, it } from 'vitest';
import { workerHeapLimitMb } from '../../src/cli/worker-heap-limit.js';

const limits = (soft: string): string => [
  'Limit                     Soft Limit           Hard Limit           Units     ',
  'Max stack size            8388608              unlimited            bytes     ',
  `Max address space         ${soft.padEnd(21)}unlimited            bytes     `,
  'Max open files            1024                 1048576              files     ',
].join('\n');

describe('the check worker\'s heap limit', () => {
  it('is half an address-space limit', () => {
    expect(workerHeapLimitMb(limits(String(2 * 2 ** 30)), '')).toBe(1024);
    expect(workerHeapLimitMb(limits(String(6 * 2 ** 30)), '--enable-source-maps')).toBe(3072);
  });

  it('is left to V8 without a limit, without /proc, or when the flags set the heap\'s size', () => {
    expect(workerHeapLimitMb(limits('unlimited'), '')).toBeUndefined();
    expect(workerHeapLimitMb('', '')).toBeUndefined();
    expect(workerHeapLimitMb(limits(String(2 * 2 ** 30)), ' --max-old-space-size=4096')).toBeUndefined();
  });
});
