// A real tracefs instance: created with its options, streams its own events, filters, counts
// overruns, and is removed on close, process exit, uncaught exceptions and SIGINT/SIGTERM.
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, expect, it } from 'vitest';
import { FAULTLINE_TRACEFS_EVENTS } from '../../../src/collect/ftrace/tracepoints.js';
import { openTracefsInstance, type TracefsInstance } from '../../../src/collect/ftrace/instance.js';
import { describeLive } from '../../helpers/live-requirements.js';
import { childScript } from '../../helpers/live-child.js';

const INSTANCES = '/sys/kernel/tracing/instances';
const opened: TracefsInstance[] = [];

async function open(options: Parameters<typeof openTracefsInstance>[0]): Promise<TracefsInstance> {
  const instance = await openTracefsInstance(options);
  opened.push(instance);
  return instance;
}

// Starts `sh -c script` waiting for a go line, so its pid is known before it runs.
function waitingShell(script: string) {
  const child = execa('sh', ['-c', `read go; ${script}`], { stdin: 'pipe', reject: false });
  return { child, pid: child.pid!, go: () => child.stdin?.end('go\n') };
}

async function collect(instance: TracefsInstance, run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const reading = (async () => {
    for await (const line of instance.lines()) lines.push(line);
  })();
  await run();
  await instance.stop();
  await reading;
  return lines;
}

describeLive('tracefs instance', [], () => {
  afterEach(async () => {
    for (const instance of opened.splice(0)) await instance.close();
  });

  it('configures the instance and reports which events exist', async () => {
    const instance = await open({ events: ['sched/sched_process_exit', 'nosuch/event', 'iomap/iomap_dio_rw_begin'], pids: [1], bufferSizeKb: 256 });
    expect(instance.enabled).toEqual(['sched/sched_process_exit', 'iomap/iomap_dio_rw_begin']);
    expect(instance.missing).toEqual(['nosuch/event']);
    const file = (name: string) => readFileSync(join(instance.path, name), 'utf8').trim();
    expect(file('options/record-tgid')).toBe('1');
    expect(file('options/event-fork')).toBe('1');
    expect(file('options/hash-ptr')).toBe('0');
    expect(file('trace_clock')).toContain('[mono]');
    expect(file('set_event_pid')).toBe('1');
    expect(Number(file('buffer_size_kb'))).toBeGreaterThanOrEqual(256);
    expect(file('events/sched/sched_process_exit/enable')).toBe('1');
  });

  it('has every faultline event on this kernel', async () => {
    const instance = await open({ events: FAULTLINE_TRACEFS_EVENTS, pids: [1] });
    expect(instance.missing).toEqual([]);
  });

  it('streams the events of the traced process and its children, with the TGID column', async () => {
    const shell = waitingShell('sh -c "exit 0"; exit 0');
    const instance = await open({ events: ['sched/sched_process_fork', 'sched/sched_process_exit'], pids: [shell.pid] });
    const lines = await collect(instance, async () => {
      shell.go();
      await shell.child;
    });
    const forks = lines.filter((l) => l.includes('sched_process_fork:'));
    const exits = lines.filter((l) => l.includes('sched_process_exit:'));
    expect(forks).toHaveLength(1);
    const child = Number(/child_pid=(\d+)/.exec(forks[0])![1]);
    expect(exits.map((l) => Number(/ pid=(\d+)/.exec(l)![1])).sort()).toEqual([shell.pid, child].sort());
    expect(exits.find((l) => l.includes(`pid=${child} `))).toMatch(new RegExp(`-${child}\\s+\\(\\s*${child}\\) \\[`));
  });

  it('applies an event filter', async () => {
    const shell = waitingShell('echo out; echo error');
    const instance = await open({ events: ['syscalls/sys_enter_write'], filters: { 'syscalls/sys_enter_write': 'count == 6' }, pids: [shell.pid] });
    const lines = await collect(instance, async () => {
      shell.go();
      await shell.child;
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/sys_write\(fd: 1, .*count: 6\)/);
  });

  it('refuses a filter the kernel rejects, and leaves no instance behind', async () => {
    await expect(openTracefsInstance({ events: ['syscalls/sys_enter_write'], filters: { 'syscalls/sys_enter_write': 'nosuchfield == 1' }, name: `faultline-${process.pid}-badfilter` }))
      .rejects.toThrow(/expected an ftrace filter/);
    expect(existsSync(`${INSTANCES}/faultline-${process.pid}-badfilter`)).toBe(false);
  });

  it('counts ring-buffer overruns when nobody reads', async () => {
    const shell = waitingShell('i=0; while [ $i -lt 3000 ]; do i=$((i+1)); : > /dev/null; done');
    const instance = await open({ events: ['syscalls/sys_enter_openat', 'syscalls/sys_exit_openat', 'syscalls/sys_enter_write', 'syscalls/sys_exit_write'], pids: [shell.pid], bufferSizeKb: 4 });
    shell.go();
    await shell.child;
    expect(await instance.overruns()).toBeGreaterThan(0);
  });

  it('removes the instance on close, once', async () => {
    const instance = await open({ events: ['sched/sched_process_exit'] });
    expect(existsSync(instance.path)).toBe(true);
    await instance.close();
    await instance.close();
    expect(existsSync(instance.path)).toBe(false);
  });

  it.each([
    ['an uncaught exception', 'throw', undefined, (r: { exitCode?: number }) => expect(r.exitCode).toBe(1)],
    ['process.exit()', 'exit', undefined, (r: { exitCode?: number }) => expect(r.exitCode).toBe(3)],
    ['SIGTERM', 'wait', 'SIGTERM', (r: { signal?: string }) => expect(r.signal).toBe('SIGTERM')],
    ['SIGINT', 'wait', 'SIGINT', (r: { signal?: string }) => expect(r.signal).toBe('SIGINT')],
  ] as const)('removes the instance when its process ends by %s', async (_how, mode, signal, check) => {
    const script = await childScript(
      [
        'src/collect/ftrace/instance.ts', 'src/collect/ftrace/tracefs-mount.ts', 'src/collect/ftrace/overruns.ts', 'src/trace/errors.ts',
        'src/split-lines.ts', 'src/collect/ftrace/event-format.ts', 'src/collect/ftrace/ring-buffer-page.ts',
        'src/collect/ftrace/instance-setup.ts', 'src/collect/ftrace/instance-stream.ts', 'src/collect/ftrace/instance-cleanup.ts',
      ],
      `import { openTracefsInstance } from './src/collect/ftrace/instance.js';
await openTracefsInstance({ events: ['sched/sched_process_exit'], name: process.argv[2] });
console.log('open');
if (process.argv[3] === 'throw') setTimeout(() => { throw new Error('boom'); }, 10);
else if (process.argv[3] === 'exit') setTimeout(() => process.exit(3), 10);
else setInterval(() => {}, 1000);
`);
    const name = `faultline-${process.pid}-child-${mode}-${signal ?? ''}`;
    const child = execa('node', [script, name, mode], { reject: false });
    const opened = await new Promise<boolean>((resolve) => {
      child.stdout?.on('data', (data: Buffer) => data.toString().includes('open') && resolve(true));
      void child.then(() => resolve(false));
    });
    expect(opened, 'the child opened its instance').toBe(true);
    expect(existsSync(`${INSTANCES}/${name}`)).toBe(true);
    if (signal !== undefined) child.kill(signal);
    const result = await child;
    check(result as never);
    expect(existsSync(`${INSTANCES}/${name}`)).toBe(false);
    await rm(dirname(script), { recursive: true, force: true });
  });
});
