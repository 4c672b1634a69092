// A tracefs instance's overruns turned into `lost` events while it records: polled every half
// second, and once more when the recording stops, so each overwritten event is counted once.
// A reader that tells the gaps itself, where they are in its pages (ring-buffer-merge.ts), gives
// what it counted: then only the rest is emitted, once, when the recording stops (a poll while
// recording could count a gap whose page is not read yet, and the page would count it again).
import type { EventSink } from '../source.js';
import type { TracefsInstance } from './instance.js';

const OVERRUN_POLL_MS = 500;

export interface OverrunPoll {
  /** Stops polling and emits what was overwritten since the last poll. */
  finish(): Promise<void>;
  /** Stops polling, emitting nothing more. */
  cancel(): void;
}

/**
 * Polls `instance`'s overruns into `sink` as `lost` events whose source is `source`; with
 * `counted` (the overruns the reader emitted itself), only the rest, at `finish`.
 */
export function pollOverruns(instance: Pick<TracefsInstance, 'overruns'>, sink: EventSink, source: string, counted?: () => number): OverrunPoll {
  let overruns = 0;
  const emit = async (): Promise<void> => {
    const total = await instance.overruns().catch(() => overruns);
    const told = Math.max(overruns, counted?.() ?? 0);
    if (total > told) sink({ ts: monotonicNs(), tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count: total - told, source } });
    overruns = Math.max(total, told);
  };
  const timer = counted === undefined ? setInterval(() => void emit(), OVERRUN_POLL_MS) : undefined;
  timer?.unref();
  return {
    finish: async () => {
      clearInterval(timer);
      await emit();
    },
    cancel: () => clearInterval(timer),
  };
}

/** CLOCK_MONOTONIC in ns, a faultline tracefs instance's trace_clock ("mono"). */
export function monotonicNs(): number {
  return Number(process.hrtime.bigint());
}
