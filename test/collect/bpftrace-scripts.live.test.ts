import { mkdtemp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { bpftraceInvocation } from '../../src/collect/bpftrace/argv.js';
import { describeLive } from '../helpers/live-requirements.js';

// A dry run: bpftrace 0.17's --emit-elf parses, checks and compiles the script against this
// kernel's tracepoints and BTF, writes the BPF object and attaches nothing.
describeLive('the collector scripts', ['bpftrace'], () => {
  it.each([
    { script: 'kernel' as const, positional: ['0', '', '0'] },
    { script: 'kernel' as const, positional: ['1', 'dd', '1'] },
    { script: 'pthread' as const, positional: ['0', '', '0', '0'] },
    { script: 'pthread' as const, positional: ['1', 'dd', '1', '1'] },
  ])('compiles the $script script with $positional', async ({ script, positional }) => {
    const out = join(await mkdtemp('/var/tmp/faultline-bt-'), `${script}.elf`);
    const path = bpftraceInvocation({ script }).scriptPath;
    const run = await execa('bpftrace', ['--emit-elf', out, path, ...positional], { reject: false });
    expect(run.stderr.split('\n').filter((l) => /ERROR/.test(l) && !/RLIMIT_MEMLOCK/.test(l))).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect((await stat(out)).size).toBeGreaterThan(1000);
  });

  it('fails the dry run of a broken script, so that the test above can fail', async () => {
    const out = join(await mkdtemp('/var/tmp/faultline-bt-'), 'broken.elf');
    const run = await execa('bpftrace', ['--emit-elf', out, '-e', 'tracepoint:sched:sched_process_exit { printf("%d\\n", args->nosuch); }'], { reject: false });
    expect(run.exitCode).not.toBe(0);
  });
});
