// Runs a C reproducer of test/reproducers under a tracefs instance that follows its process
// tree, and returns the captured ftrace text. Reused by live import and verdict tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { FAULTLINE_TRACEFS_EVENTS } from '../../src/collect/ftrace/tracepoints.js';
import { openTracefsInstance } from '../../src/collect/ftrace/instance.js';

export type ReproducerName = 's1-aa' | 's2-abba' | 's3-ring';

const REPRODUCERS = fileURLToPath(new URL('../reproducers/', import.meta.url));
const built = new Map<string, Promise<string>>();

/** Builds test/reproducers/<name>.c with gcc into a temp dir (once per process); resolves to the binary. */
export function buildReproducer(name: ReproducerName): Promise<string> {
  let binary = built.get(name);
  if (binary === undefined) {
    binary = (async () => {
      const out = join(await mkdtemp('/var/tmp/faultline-repro-'), name);
      await execa('gcc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', out, join(REPRODUCERS, `${name}.c`), '-lpthread']);
      return out;
    })();
    built.set(name, binary);
  }
  return binary;
}

/** Deletes the binaries buildReproducer made (call in afterAll). */
export async function removeBuiltReproducers(): Promise<void> {
  const binaries = await Promise.allSettled([...built.values()]);
  built.clear();
  for (const binary of binaries) {
    if (binary.status === 'fulfilled') await rm(dirname(binary.value), { recursive: true, force: true });
  }
}

/**
 * Runs reproducer `name` on directory `dir` (extra `args`, e.g. ['procs']) with tracing on
 * for it and its children only, and resolves to the trace_pipe text (record-tgid lines).
 * The program starts after the events are enabled: a shell waits for a go line on stdin,
 * then execs it, so its pid is the one given to set_event_pid.
 */
export async function captureReproducer(name: ReproducerName, dir: string, args: readonly string[] = []): Promise<string> {
  const binary = await buildReproducer(name);
  const child = execa('sh', ['-c', 'read go && exec "$0" "$@"', binary, dir, ...args], {
    stdin: 'pipe',
    reject: false,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${name}`);
  const instance = await openTracefsInstance({ events: FAULTLINE_TRACEFS_EVENTS, pids: [pid], bufferSizeKb: 8192 });
  try {
    const lines: string[] = [];
    const reading = (async () => {
      for await (const line of instance.lines()) lines.push(line);
    })();
    child.stdin?.end('go\n');
    const result = await child;
    if (result.exitCode !== 0) throw new Error(`${name} ${dir} failed (exit ${result.exitCode}): ${result.stderr}`);
    await instance.stop();
    await reading;
    const overruns = await instance.overruns();
    if (overruns > 0) throw new Error(`capture of ${name} lost ${overruns} events to ring-buffer overruns`);
    return lines.join('\n') + '\n';
  } finally {
    child.kill();
    await instance.close();
  }
}
