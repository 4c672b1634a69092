import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpus } from 'node:os';
import { bpftraceInvocation, defaultBufferPages, MAX_BUFFER_PAGES, MIN_BUFFER_PAGES } from '../../../src/collect/bpftrace/argv.js';
import { checkScriptProbes, listScriptProbes } from '../../../src/collect/bpftrace/probes.js';
import { describeLive } from '../../helpers/live-requirements.js';

describe('bpftraceInvocation', () => {
  it.each([
    { target: { script: 'kernel' as const, pids: [42] }, positional: ['42', '', '0'] },
    { target: { script: 'kernel' as const, pids: [42, 7, 9] }, positional: ['42', '', '0', '7', '9'] },
    { target: { script: 'kernel' as const, comm: 'dio-loop', stacks: true }, positional: ['0', 'dio-loop', '1'] },
    { target: { script: 'pthread' as const }, positional: ['0', '', '0', '0'] },
    { target: { script: 'pthread' as const, pids: [7], lockLayout: true }, positional: ['7', '', '0', '1'] },
    { target: { script: 'pthread' as const, pids: [7, 8, 9], lockLayout: true }, positional: ['7', '', '0', '1', '8', '9'] },
  ])('passes the target of $target as positional parameters after the script', ({ target, positional }) => {
    const { args, scriptPath } = bpftraceInvocation(target);
    expect(args.slice(0, 3)).toEqual(['-f', 'json', '--no-warnings']);
    expect(args[3]).toBe(scriptPath);
    expect(args.slice(4)).toEqual(positional);
    expect(existsSync(scriptPath)).toBe(true);
    expect(args).not.toContain('-e');
  });

  it.each([
    { target: { script: 'kernel' as const }, keys: '32768' },
    { target: { script: 'kernel' as const, mapKeys: 16 }, keys: '16' },
  ])('sizes every map through the environment: $keys entries', ({ target, keys }) => {
    expect(bpftraceInvocation(target).env.BPFTRACE_MAP_KEYS_MAX).toBe(keys);
  });

  it('shares 64 MiB of perf buffers among the CPUs, in powers of two between 4 and 32 MiB each', () => {
    expect([1, 2, 3, 4, 8, 16, 64, 256].map(defaultBufferPages)).toEqual([8192, 8192, 4096, 4096, 2048, 1024, 1024, 1024]);
    expect(defaultBufferPages(2)).toBe(MAX_BUFFER_PAGES);
    expect(defaultBufferPages(1000)).toBe(MIN_BUFFER_PAGES);
    expect(bpftraceInvocation({ script: 'pthread' }).env.BPFTRACE_PERF_RB_PAGES).toBe(String(defaultBufferPages(cpus().length)));
    expect(bpftraceInvocation({ script: 'kernel', bufferPages: 1 }).env.BPFTRACE_PERF_RB_PAGES).toBe('1');
  });

  it.each([
    { script: 'kernel' as const, comm: 'x"; system("id' },
    { script: 'kernel' as const, pids: [-1] },
    { script: 'kernel' as const, pids: [4, 1.5] },
    { script: 'pthread' as const, pids: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
  ])('refuses an unvalidated target $pids$comm', (target) => {
    expect(() => bpftraceInvocation(target)).toThrow(/must be validated/);
  });
});

describe('the probes of the collectors', () => {
  it('lists the probes of a script, one spec per probe line', () => {
    expect(listScriptProbes('BEGIN\n{\n}\ntracepoint:a:b,\ntracepoint:a:c\n/ x /\n{\n}\nuprobe:/lib/x.so:f\n{ }\n'))
      .toEqual(['tracepoint:a:b', 'tracepoint:a:c', 'uprobe:/lib/x.so:f']);
  });

  it('names a tracepoint the kernel lacks', () => {
    const path = bpftraceInvocation({ script: 'kernel' }).scriptPath;
    expect(checkScriptProbes(path, '/nonexistent').missing).toContain('tracepoint:iomap:iomap_dio_rw_begin');
  });
});

describeLive('the probes of the collectors on this kernel', [], () => {
  it.each(['kernel', 'pthread'] as const)('finds every probe of %s.bt on this kernel', (script) => {
    const path = bpftraceInvocation({ script }).scriptPath;
    const check = checkScriptProbes(path);
    expect(check.probes.length).toBeGreaterThan(5);
    expect(check.probes.length).toBe(readFileSync(path, 'utf8').match(/^(tracepoint|uprobe|uretprobe):/gm)?.length);
    expect(check.missing).toEqual([]);
  });

});
