// Runs a collectors/*.bt script under bpftrace and delivers its events in time order.
//
// Lifecycle: the script's probes are checked against tracefs, bpftrace starts, `attached`
// resolves on the script's BEGIN line ("attached NAME", printed once every probe is
// attached), events flow through a reorder window to `onEvents`, and `stop()` sends SIGINT:
// bpftrace runs END, prints what it still holds and exits 0. The RLIMIT_MEMLOCK "ERROR" that
// bpftrace 0.17 prints on stderr at start is harmless and ignored.
// Events come printed one by one or in batches (maps printed every 50 ms, bpftrace-batch.ts);
// batched events the script counted but never printed are reported as lost.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { Batch, TraceEvent } from '../trace/event.js';
import { EnvironmentError } from '../trace/errors.js';
import { bpftraceInvocation, type BpftraceScript, type BpftraceTarget } from './bpftrace-argv.js';
import { BATCH_COUNT_MAP, readBpftraceBatch, type BpftraceBatchEntry } from './bpftrace-batch.js';
import { createKernelEventDecoder, KERNEL_FIELD_COUNTS } from './bpftrace-kernel-events.js';
import { parseBpftraceMessage } from './bpftrace-message.js';
import { checkScriptProbes } from './bpftrace-probes.js';
import { parseBpftraceRecord, type BpftraceRecord } from './bpftrace-record.js';
import { createPthreadEventDecoder, PTHREAD_FIELD_COUNTS } from './pthread-events.js';
import { createReorderWindow } from './reorder-window.js';
import { formatUserSymbol, snapshotProcessSymbolizer, type ProcessSymbolizer } from './symbolize-process.js';

export interface BpftraceCollectorOptions extends BpftraceTarget {
  /** Time-ordered batches of events. */
  readonly onEvents: (batch: Batch) => void;
  /** Events bpftrace dropped (its lost_events count); each also becomes a `lost` event. */
  readonly onLost?: (count: number) => void;
  /** The bpftrace executable (see findBpftrace). */
  readonly bpftrace?: string;
  /**
   * Reorder window in ns of trace time (default 150 ms for kernel, whose batches arrive up to
   * 50 ms old plus bpftrace's lag; 50 ms for pthread) and its size bound (default 20000).
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
  /** Events that arrived after a newer one had been delivered. */
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
  /** SIGINT, then the summary; SIGKILL if bpftrace has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<BpftraceSummary>;
}

const IDLE_TICK_MS = 50;
const DRAIN_MAX_MS = 20_000;
// bpftrace detaches pthread.bt's ~50 uprobes about as slowly as it attached them (10-25 s).
const STOP_GRACE_MS: Readonly<Record<BpftraceScript, number>> = { kernel: 10_000, pthread: 60_000 };
const SIGINT_AGAIN_MS = 2_000;

/** The count map of printed events (pthread.bt), printed at exit: what was never read is lost. */
export const PRINTED_COUNT_MAP = '@printed';

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
  const window = createReorderWindow({ windowNs, maxEvents: options.maxEvents ?? 20_000, onBatch: options.onEvents });
  const { fieldCounts, decode, decodeBatched } = makeDecoder(options);
  const child = execa(options.bpftrace ?? 'bpftrace', invocation.args, {
    env: invocation.env, stdin: 'ignore', buffer: false, reject: false,
  });

  let events = 0;
  let lost = 0;
  let unreadable = 0;
  let attachedProbes = 0;
  // Batched events: read from batches, and as counted by the script (known at exit).
  let batchedRead = 0;
  let batchedCounted: number | undefined;
  // Printed events: lines read, and as counted by the script (known at exit).
  let printedRead = 0;
  let printedCounted: number | undefined;
  let lastLineAt = Date.now();
  let pushedSinceTick = false;
  const errors: string[] = [];
  const marker = `attached ${options.script}`;
  let onAttached: (report: ProbeReport) => void = () => undefined;
  const attached = new Promise<ProbeReport>((resolve) => (onAttached = resolve));

  // The trace time of the last event read: bpftrace reports a loss in the stream where a CPU's
  // buffer lost it, after the events read before the gap, so the lost marker goes there.
  let lastReadTs: number | undefined;
  // Whether the target process's exit (its main thread's) has been read.
  let targetExitRead = false;
  const push = (event: TraceEvent): void => {
    if (event.kind !== 'lost') lastReadTs = event.ts;
    if (event.kind === 'exit' && event.tid === options.pid) targetExitRead = true;
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
        pushDecoded(record === undefined ? 'unreadable' : decode(record));
        return;
      }
      case 'map': {
        if (message.name === BATCH_COUNT_MAP) {
          if (typeof message.value === 'number') batchedCounted = message.value;
          return;
        }
        if (message.name === PRINTED_COUNT_MAP) {
          if (typeof message.value === 'number') printedCounted = message.value;
          return;
        }
        const batch = decodeBatched && readBpftraceBatch(message.name, message.value, fieldCounts);
        if (decodeBatched === undefined || batch === undefined) return;
        batchedRead += batch.entries.length + batch.unreadable;
        unreadable += batch.unreadable;
        for (const entry of batch.entries) pushDecoded(decodeBatched(entry));
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

  const tick = setInterval(() => {
    if (!pushedSinceTick) window.advance(nowNs());
    pushedSinceTick = false;
  }, IDLE_TICK_MS);
  tick.unref();

  const done = (async (): Promise<BpftraceSummary> => {
    const result = await child;
    await stdoutClosed;
    clearInterval(tick);
    if (batchedCounted !== undefined && batchedCounted > batchedRead) pushLost(batchedCounted - batchedRead, nowNs());
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
      const quietMs = options.drainQuietMs ?? (options.script === 'pthread' ? 200 : 0);
      const until = Date.now() + DRAIN_MAX_MS;
      const targetGone = options.pid !== undefined && options.pid > 0 && !existsSync(`/proc/${options.pid}`);
      const draining = (): boolean => Date.now() - lastLineAt < quietMs || (targetGone && !targetExitRead);
      while (quietMs > 0 && child.exitCode === null && Date.now() < until && draining()) await sleep(50);
      child.kill('SIGINT');
      // bpftrace 0.17 sometimes leaves a SIGINT unanswered (measured with pthread.bt): ask again.
      const again = setInterval(() => child.kill('SIGINT'), SIGINT_AGAIN_MS);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await done;
      } finally {
        clearInterval(again);
        clearTimeout(timer);
      }
    },
  };
}

interface ScriptDecoder {
  readonly fieldCounts: Readonly<Record<string, number>>;
  /** The event of a record; 'unreadable' when it is not one of the script's events. */
  readonly decode: (record: BpftraceRecord) => TraceEvent | 'unreadable' | undefined;
  /** The same for a batched entry; undefined for a script that batches nothing. */
  readonly decodeBatched?: (entry: BpftraceBatchEntry) => TraceEvent | 'unreadable' | undefined;
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
      decodeBatched: (entry) => decoder.decodeBatched(entry) ?? 'unreadable',
    };
  }
  const symbolizers = new Map<number, ProcessSymbolizer | undefined>();
  const nameOf = (pid: number, lock: bigint): string | undefined => {
    if (options.symbolize === false) return undefined;
    if (!symbolizers.has(pid)) symbolizers.set(pid, snapshotProcessSymbolizer(pid));
    const symbol = symbolizers.get(pid)?.symbolize(lock);
    if (symbol === undefined) return undefined;
    return symbol.offset === 0n ? symbol.name : formatUserSymbol(symbol).replace(/ \(.*\)$/, '');
  };
  const decoder = createPthreadEventDecoder(nameOf);
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
