// Builds the collector reproducers and records a workload under a bpftrace collector.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { TraceEvent } from '../../src/trace/event.js';
import {
  startBpftraceCollector, type BpftraceCollectorOptions, type BpftraceSummary, type ProbeReport,
} from '../../src/collect/bpftrace/runner.js';

export type CollectReproducer = 'pthread-abba' | 'pthread-ordered' | 'dio-loop';

const REPRODUCERS = fileURLToPath(new URL('../reproducers/', import.meta.url));

/** Builds test/reproducers/<name>.c into a fresh temp dir as `binaryName` (its comm). */
export async function buildCollectReproducer(name: CollectReproducer, binaryName: string = name): Promise<string> {
  const out = join(await mkdtemp('/var/tmp/faultline-collect-'), binaryName);
  await execa('gcc', ['-O1', '-g', '-fno-omit-frame-pointer', '-Wall', '-Wextra', '-Werror', '-pthread',
    '-o', out, join(REPRODUCERS, `${name}.c`)]);
  return out;
}

export interface Recording<T> {
  readonly events: readonly TraceEvent[];
  /** Every batch was in ts order and no batch went back in time. */
  readonly ordered: boolean;
  readonly summary: BpftraceSummary;
  readonly probes: ProbeReport;
  readonly result: T;
}

/** Starts the collector, waits until attached, runs `workload`, stops, and returns all events. */
export async function recordWhile<T>(
  options: Omit<BpftraceCollectorOptions, 'onEvents'>,
  workload: () => Promise<T>,
): Promise<Recording<T>> {
  const events: TraceEvent[] = [];
  let ordered = true;
  const collector = await startBpftraceCollector({
    ...options,
    onEvents: (batch) => {
      for (const event of batch) {
        if (events.length > 0 && event.ts < events[events.length - 1].ts) ordered = false;
        events.push(event);
      }
    },
  });
  const probes = await collector.attached;
  let result: T;
  try {
    result = await workload();
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const summary = await collector.stop();
  return { events, ordered, summary, probes, result };
}
