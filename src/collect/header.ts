// The Header of a live recording: host, kernel release, collectors, target, and what each
// collector attached and could not attach (meta).
import { hostname, release } from 'node:os';
import type { Header } from '../trace/event.js';
import type { RecordSource, RecordTarget } from './source.js';

/** Who was traced, in words, for the header's `target` meta. */
export function describeTarget(target: RecordTarget, command: readonly string[] | undefined): string {
  if (command !== undefined) return `command ${command.join(' ')} (pid ${target.pids?.[0]})`;
  if (target.pids !== undefined) return `pid ${target.pids.join(',')}, their threads and children`;
  if (target.comm !== undefined) return `comm ${target.comm}`;
  return 'all tasks';
}

// `startUnixNs` is wall-clock time (CLOCK_REALTIME); event timestamps are CLOCK_MONOTONIC.
export function recordHeader(sources: readonly RecordSource[], target: string, startUnixNs: bigint): Header {
  const meta: Record<string, string> = { target };
  for (const source of sources) Object.assign(meta, source.meta);
  meta.missing = sources.flatMap((s) => s.missing).join(',');
  return {
    version: 1,
    collector: sources.map((s) => s.name).join('+'),
    hostname: hostname(),
    kernel: release(),
    startUnixNs,
    clock: 'mono',
    meta,
  };
}
