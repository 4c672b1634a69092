// Runs a collectors/*.bt script under bpftrace and delivers its events in time order.
//
// Lifecycle: the script's probes are checked against tracefs, bpftrace starts, `attached`
// resolves on the script's BEGIN line ("attached NAME", printed once every probe is
// attached), events flow through a reorder window to `onEvents`, and `stop()` sends SIGINT:
// bpftrace runs END, prints what it still holds and exits 0. The RLIMIT_MEMLOCK "ERROR" that
// bpftrace 0.17 prints on stderr at start is harmless and ignored.
// Every event is printed (perf buffer per CPU, read in order): what the kernel side drops is
// bpftrace's lost_events count, reported as lost. kernel.bt prints a heartbeat on every CPU
// (its S record): nothing is released past the oldest CPU's latest heartbeat, so events of
// different CPUs are merged exactly; stop() waits until every CPU's heartbeat passed the stop
// time (bpftrace read what its buffers held: SIGINT would drop the rest unread), then sends
// SIGINT. pthread.bt prints the same heartbeat. An event that
// still comes too late to be placed in order is not delivered: it is counted (`late`) and
// reported as lost. bpftrace is killed only once its output has stopped for `graceMs`.
// pthread.bt counts what it printed (@printed, at exit): printed events neither read nor
// reported lost are reported as lost.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { Batch, TraceEvent } from '../../trace/event.js';
import { EnvironmentError } from '../../trace/errors.js';
import { bpftraceInvocation, type BpftraceScript, type BpftraceTarget } from './argv.js';
import { cpus } from 'node:os';
import { createKernelEventDecoder, KERNEL_FIELD_COUNTS, KERNEL_HEARTBEAT_CODE } from './kernel-events.js';
import { parseBpftraceMessage } from './message.js';
import { checkScriptProbes } from './probes.js';
import { parseBpftraceRecord, type BpftraceRecord } from './record-line.js';
import { createPthreadEventDecoder, PTHREAD_FIELD_COUNTS } from '../pthread/pthread-events.js';
import { createReorderWindow } from '../reorder-window.js';
import { createLockNamer } from '../pthread/lock-names.js';

export interface BpftraceCollectorOptions extends BpftraceTarget {
  /** Time-ordered batches of events. */
  readonly onEvents: (batch: Batch) => void;
  /** Events bpftrace dropped (its lost_events count); each also becomes a `lost` event. */
  readonly onLost?: (count: number) => void;
  /** The bpftrace executable (see findBpftrace). */
  readonly bpftrace?: string;
  /**
   * Reorder window in ns of trace time (default 150 ms for kernel, 50 ms for pthread: printed
   * events of different CPUs) and its size bound (default MAX_HELD_EVENTS).
   */
  readonly windowNs?: number;
  readonly maxEvents?: number;
  /** pthread: name locks that are global variables, from /proc/PID/maps (default true). */
  readonly symbolize?: boolean;
  /**
   * stop() first waits until no event has arrived for this long and, when the target process
   * has gone, until its exit event has arrived (at most DRAIN_MAX_MS), so that bpftrace has
   * read its buffers before SIGINT makes it drop what they hold (default: pthread 200 ms,
   * kernel 0: no wait).
   */
  readonly drainQuietMs?: number;
}

/** For the trace header: what was asked of the kernel and what it took. */
export interface ProbeReport {
  readonly script: string;
  readonly probes: readonly string[];
  /** bpftrace's count of attached probes (BEGIN and END included). */
  readonly attached: number;
}

export interface BpftraceSummary {
  readonly events: number;
  readonly lost: number;
  /** Output lines that were not a known event or message. */
  readonly unreadable: number;
  /** Events that arrived after a newer one had been delivered (not delivered; within `lost`). */
  readonly late: number;
  readonly exitCode: number | undefined;
  /** bpftrace's ERROR lines (the harmless RLIMIT_MEMLOCK one left out). */
  readonly errors: readonly string[];
}

export interface BpftraceCollector {
  /** Resolves once every probe is attached; rejects with EnvironmentError if bpftrace fails first. */
  readonly attached: Promise<ProbeReport>;
  /** Resolves when bpftrace has exited and every event was delivered. */
  readonly done: Promise<BpftraceSummary>;
  /** SIGINT, then the summary; SIGKILL once bpftrace has printed nothing for `graceMs`. */
  stop(graceMs?: number): Promise<BpftraceSummary>;
  /** CLOCK_MONOTONIC ns up to which every event was delivered (or counted late). */
  watermark(): number;
}

const IDLE_TICK_MS = 50;
const DRAIN_MAX_MS = 20_000;
// bpftrace detaches pthread.bt's ~50 uprobes about as slowly as it attached them (10-25 s).
const STOP_GRACE_MS: Readonly<Record<BpftraceScript, number>> = { kernel: 10_000, pthread: 60_000 };
const SIGINT_AGAIN_MS = 2_000;

/** The count map of printed events (pthread.bt), printed at exit: what was never read is lost. */
export const PRINTED_COUNT_MAP = '@printed';
/** Events held for order at most (a lagging bpftrace holds printed events until its batches come). */
const MAX_HELD_EVENTS = 500_000;

// Starts the collector; throws EnvironmentError when the kernel lacks one of the script's probes.
export async function startBpftraceCollector(options: BpftraceCollectorOptions): Promise<BpftraceCollector> {
  const invocation = bpftraceInvocation(options);
  const check = checkScriptProbes(invocation.scriptPath);
  if (check.missing.length > 0) {
    throw new EnvironmentError(
      `expected the probes of ${options.script}.bt, got none for ${check.missing.join(', ')}; ` +
        'this kernel lacks them (see `bpftrace -l`)',
    );
  }

  const windowNs = options.windowNs ?? (options.script === 'kernel' ? 150_000_000 : 50_000_000);
  // Each CPU's latest heartbeat (both scripts print one): every event before the oldest was read.
  const beats = new Array<number>(cpus().length).fill(-1);
  let beatsNs = -1;
  const window = createReorderWindow({
    windowNs, maxEvents: options.maxEvents ?? MAX_HELD_EVENTS, limit: () => beatsNs, onBatch: options.onEvents,
  });
  let lateReported = 0;
  const { fieldCounts, decode } = makeDecoder(options);
  const child = execa(options.bpftrace ?? 'bpftrace', invocation.args, {
    env: invocation.env, stdin: 'ignore', buffer: false, reject: false,
  });

  let events = 0;
  let lost = 0;
  let unreadable = 0;
  let attachedProbes = 0;
  // Printed events: lines read, and as counted by the script (known at exit).
  let printedRead = 0;
  let printedCounted: number | undefined;
  let lastLineAt = Date.now();
  let lastOutputMs = Date.now();
  let pushedSinceTick = false;
  const errors: string[] = [];
  const marker = `attached ${options.script}`;
  let onAttached: (report: ProbeReport) => void = () => undefined;
  const attached = new Promise<ProbeReport>((resolve) => (onAttached = resolve));

  // The trace time of the last event read: a loss goes after it. bpftrace prints its count, which
  // names no CPU, after the gap, at times long after it (up to a second measured under a buffered
  // fio flood), so the marker can come after events that followed the gap (docs/design.md "Loss").
  let lastReadTs: number | undefined;
  // Whether the target process's exit (its main thread's) has been read.
  let targetExitRead = false;
  const push = (event: TraceEvent): void => {
    if (event.kind !== 'lost') lastReadTs = event.ts;
    if (event.kind === 'exit' && event.tid === options.pids?.[0]) targetExitRead = true;
    events++;
    pushedSinceTick = true;
    window.push(event);
  };
  const pushDecoded = (event: TraceEvent | 'unreadable' | undefined): void => {
    if (event === 'unreadable') unreadable++;
    else if (event !== undefined) push(event);
  };
  const pushLost = (count: number, ts = lastReadTs ?? nowNs()): void => {
    lost += count;
    options.onLost?.(count);
    push({ ts, tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count, source: `bpftrace ${options.script}` } });
  };

  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (/^ERROR:/.test(line) && !/RLIMIT_MEMLOCK/.test(line)) errors.push(line);
  });
  const stdout = createInterface({ input: child.stdout! });
  stdout.on('line', (line) => {
    lastOutputMs = Date.now();
    const message = parseBpftraceMessage(line);
    if (message === undefined) return;
    switch (message.kind) {
      case 'printf': {
        if (message.data.startsWith(marker)) {
          onAttached({ script: options.script, probes: check.probes, attached: attachedProbes });
          return;
        }
        printedRead++;
        lastLineAt = Date.now();
        const record = parseBpftraceRecord(message.data, fieldCounts);
        if (record?.code === KERNEL_HEARTBEAT_CODE) {
          if (record.cpu >= 0 && record.cpu < beats.length && record.ts > beats[record.cpu]) beats[record.cpu] = record.ts;
          beatsNs = Math.min(...beats);
          return;
        }
        pushDecoded(record === undefined ? 'unreadable' : decode(record));
        return;
      }
      case 'map': {
        if (message.name === PRINTED_COUNT_MAP && typeof message.value === 'number') printedCounted = message.value;
        return;
      }
      case 'lost':
        pushLost(message.count);
        return;
      case 'attached':
        attachedProbes = message.probes;
        return;
      case 'unreadable':
        unreadable++;
        return;
      case 'other':
        return;
    }
  });
  const stdoutClosed = new Promise<void>((resolve) => stdout.on('close', resolve));

  // Late events become lost ones, counted as they come.
  const reportLate = (): void => {
    if (window.late > lateReported) {
      const count = window.late - lateReported;
      lateReported = window.late;
      lost += count;
      options.onLost?.(count);
      window.push({ ts: nowNs(), tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count, source: `bpftrace ${options.script} late` } });
    }
  };
  const tick = setInterval(() => {
    if (!pushedSinceTick) window.advance(nowNs());
    pushedSinceTick = false;
    reportLate();
  }, IDLE_TICK_MS);
  tick.unref();

  const done = (async (): Promise<BpftraceSummary> => {
    const result = await child;
    await stdoutClosed;
    clearInterval(tick);
    beatsNs = Number.POSITIVE_INFINITY;
    reportLate();
    // Printed but neither read nor reported lost: dropped from the buffers at exit, after the last read.
    if (printedCounted !== undefined && printedCounted > printedRead + lost) pushLost(printedCounted - printedRead - lost);
    window.flush();
    return { events, lost, unreadable, late: window.late, exitCode: result.exitCode, errors };
  })();

  const failedEarly = done.then((summary) => {
    const why = summary.errors.length > 0 ? summary.errors.join('; ') : `exit code ${summary.exitCode ?? 'none (killed)'}`;
    throw new EnvironmentError(`expected bpftrace to attach ${options.script}.bt, got: ${why}`);
  });
  failedEarly.catch(() => undefined);

  return {
    attached: Promise.race([attached, failedEarly]),
    done,
    async stop(graceMs = STOP_GRACE_MS[options.script]) {
      // bpftrace drops what its buffers still hold at SIGINT: first let it read up to now, until
      // every CPU's heartbeat passed the stop time; pthread.bt also until no event came for
      // `quietMs` and the target's exit was read (at most DRAIN_MAX_MS). Either way only while
      // bpftrace keeps printing.
      const stopNs = nowNs();
      const quietMs = options.drainQuietMs ?? (options.script === 'pthread' ? 200 : 0);
      const until = Date.now() + DRAIN_MAX_MS;
      const target = options.pids?.[0];
      const targetGone = target !== undefined && target > 0 && !existsSync(`/proc/${target}`);
      const draining = (): boolean => beatsNs < stopNs || (options.script === 'pthread'
        && Date.now() < until && (Date.now() - lastLineAt < quietMs || (targetGone && !targetExitRead)));
      lastOutputMs = Date.now();
      while (child.exitCode === null && draining() && Date.now() - lastOutputMs <= graceMs) await sleep(IDLE_TICK_MS);
      child.kill('SIGINT');
      // bpftrace 0.17 sometimes leaves a SIGINT unanswered (measured with pthread.bt): ask again.
      const again = setInterval(() => child.kill('SIGINT'), SIGINT_AGAIN_MS);
      // bpftrace still printing what it holds is not stuck: killed only once silent.
      lastOutputMs = Date.now();
      const timer = setInterval(() => {
        if (Date.now() - lastOutputMs > graceMs) child.kill('SIGKILL');
      }, Math.min(graceMs, 500));
      try {
        return await done;
      } finally {
        clearInterval(again);
        clearInterval(timer);
      }
    },
    watermark: () => window.watermarkTs,
  };
}

interface ScriptDecoder {
  readonly fieldCounts: Readonly<Record<string, number>>;
  /** The event of a record; 'unreadable' when it is not one of the script's events. */
  readonly decode: (record: BpftraceRecord) => TraceEvent | 'unreadable' | undefined;
}

// The record decoder of the script.
function makeDecoder(options: BpftraceCollectorOptions): ScriptDecoder {
  if (options.script === 'kernel') {
    const decoder = createKernelEventDecoder();
    return {
      fieldCounts: KERNEL_FIELD_COUNTS,
      decode: (record) => {
        try {
          return decoder.decode(record);
        } catch {
          return 'unreadable';
        }
      },
    };
  }
  const decoder = createPthreadEventDecoder(options.symbolize === false ? undefined : createLockNamer());
  return {
    fieldCounts: PTHREAD_FIELD_COUNTS,
    decode: (record) => {
      try {
        return decoder.decode(record) ?? 'unreadable';
      } catch {
        return 'unreadable';
      }
    },
  };
}

// CLOCK_MONOTONIC in ns, the clock of bpftrace's nsecs.
function nowNs(): number {
  return Number(process.hrtime.bigint());
}
