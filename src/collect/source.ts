// What every collector of a recording looks like to the session: started and attached, it
// pushes events (in any order; the session sorts them) until it is stopped or ends by itself.
import type { TraceEvent } from '../trace/event.js';

export type CollectorName = 'bpftrace' | 'ftrace' | 'pthread';
export const COLLECTOR_NAMES: readonly CollectorName[] = ['ftrace', 'bpftrace', 'pthread'];

/** Who a recording traces; at most one of the three is set (none: every task). */
export interface RecordTarget {
  /**
   * Live processes (tgids), or the held command's pid: every thread they have at the attach and
   * every task they create afterwards are followed.
   */
  readonly pids?: readonly number[];
  /** Tasks whose comm is this (validated by parseTargetComm). */
  readonly comm?: string;
  readonly stacks?: boolean;
}

/** Receives events as a collector reads them. */
export type EventSink = (event: TraceEvent) => void;

/** An attached collector. */
export interface RecordSource {
  readonly name: CollectorName;
  /** Header meta entries: probes attached and missing, buffer sizes. */
  readonly meta: Readonly<Record<string, string>>;
  /** Probes (tracepoints, "system/event") this kernel lacks; recorded without them. */
  readonly missing: readonly string[];
  /** Resolves once the source delivered its last event: after stop(), or when it died (with why). */
  readonly ended: Promise<string | undefined>;
  /** Stops collecting, delivers what is still buffered, releases the kernel side. */
  stop(): Promise<void>;
  /** Output lines the collector could not read so far (skipped, counted). */
  unreadable(): number;
  /** File operations seen but not recorded so far: their fd's file could not be named (ftrace). */
  fileOpsUnrecorded?(): number;
  /**
   * CLOCK_MONOTONIC ns before which the source has pushed every event it has (its reader is
   * not behind): the merge window releases nothing newer than this minus its width.
   */
  watermark(): number;
}
