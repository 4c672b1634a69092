// The bpftrace collectors of `faultline record`: collectors/kernel.bt (`bpftrace`) and
// collectors/pthread.bt (`pthread`) run by the bpftrace runner, which checks their probes,
// validates the target and delivers events sorted within its own window; the pthread
// collector adds its pthread_spin_lock probe (pthread-source.ts).
import { startBpftraceCollector, type BpftraceSummary } from './runner.js';
import { libcLockLayout } from '../pthread/libc-lock-layout.js';
import { startPthreadSource } from '../pthread/pthread-source.js';
import type { EventSink, RecordSource, RecordTarget } from '../source.js';

// Starts bpftrace on the collector's script (pthread: with the spin_lock probe beside it,
// pthread-source.ts) and resolves once every probe is attached.
export async function startBpftraceSource(
  name: 'bpftrace' | 'pthread',
  target: RecordTarget,
  bpftrace: string,
  sink: EventSink,
): Promise<RecordSource> {
  if (name === 'pthread') return startPthreadSource(target, sink, (inner) => startScriptSource(name, target, bpftrace, inner));
  return startScriptSource(name, target, bpftrace, sink);
}

// bpftrace on collectors/kernel.bt or pthread.bt alone.
async function startScriptSource(
  name: 'bpftrace' | 'pthread',
  target: RecordTarget,
  bpftrace: string,
  sink: EventSink,
): Promise<RecordSource> {
  const script = name === 'bpftrace' ? 'kernel' : 'pthread';
  const layout = script === 'pthread' ? libcLockLayout() : undefined;
  const collector = await startBpftraceCollector({
    script,
    pids: target.pids,
    comm: target.comm,
    stacks: target.stacks,
    lockLayout: layout?.known,
    bpftrace,
    onEvents: (batch) => {
      for (const event of batch) sink(event);
    },
  });
  let report;
  try {
    report = await collector.attached;
  } catch (error) {
    await collector.stop(1000);
    throw error;
  }

  let stopped = false;
  let summary: BpftraceSummary | undefined;
  const ended = collector.done.then((s) => {
    summary = s;
    if (stopped) return undefined;
    const why = s.errors.length > 0 ? s.errors.join('; ') : `exit code ${s.exitCode ?? 'none (killed)'}`;
    return `bpftrace (${script}.bt) ended on its own: ${why}`;
  });

  return {
    name,
    meta: {
      [`${name}.script`]: `${script}.bt`,
      [`${name}.probes`]: report.probes.join(','),
      [`${name}.attached`]: String(report.attached),
      [`${name}.stacks`]: target.stacks === true ? '1' : '0',
      ...(layout === undefined ? {} : { [`${name}.lockTypes`]: layout.meta }),
    },
    missing: [],
    ended,
    async stop() {
      stopped = true;
      await collector.stop();
    },
    unreadable: () => summary?.unreadable ?? 0,
    // The runner delivers in order up to its watermark (kernel: its batches' last flip).
    watermark: () => collector.watermark(),
  };
}
