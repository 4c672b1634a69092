// A live recording: collectors attached to the running kernel, their events merged in time
// order, written to a .pb trace and offered as a hot stream of batches.
//
// Order of things: checks (root, bpftrace, tracefs, target, output), the command started held,
// the collectors attached (ftrace first, so the bpftrace processes it forks are not traced),
// the header made from what attached, then the command released; faultline itself meanwhile at
// the priority asked for (priority.ts). The end comes from the
// command's exit, the duration, a collector dying, or stop(): the command (if still running)
// gets SIGTERM, the collectors drain, the merge window empties, the footer is written.
//
// Merge: every event goes through one reorder window (MERGE_WINDOW_NS of trace time), advanced
// by the clock but never past a collector's watermark (a reader behind its ring buffer, or
// bpftrace behind its batches, holds it back). An event that still comes after newer ones were
// written is not written out of order: it is counted as lost (source "merge late").
// A killed recording keeps what was written: whole batches every FLUSH_MS or 4096 events.
import { setTimeout as sleep } from 'node:timers/promises';
import { Subject, type Observable } from 'rxjs';
import type { Batch, Header, TraceEvent } from '../trace/event.js';
import { EnvironmentError, UsageError } from '../trace/errors.js';
import { createTraceWriter, type TraceWriter } from '../trace/trace-writer.js';
import { findBpftrace, parseTargetComm, requireRoot, requireTracefs } from './collect-env.js';
import { startBpftraceSource } from './bpftrace/bpftrace-source.js';
import { startFtraceSource } from './ftrace/ftrace-source.js';
import { describeTarget, recordHeader } from './header.js';
import { requireExecutable, spawnHeldCommand, type HeldCommand } from './held-command.js';
import { openRecordOutput } from './output.js';
import type { CollectorName, EventSink, RecordSource, RecordTarget } from './source.js';
import { createReorderWindow } from './reorder-window.js';
import { createRecordSymbols } from './symbols/record-symbols.js';
import { DEFAULT_RECORD_NICE, lowerRecorderPriority } from './priority.js';

export type { CollectorName } from './source.js';

export interface RecordOptions {
  readonly collectors: readonly CollectorName[];
  /** Processes to trace (tgids, validated by parseTargetPids). */
  readonly pids?: readonly number[];
  readonly comm?: string;
  readonly command?: readonly string[];
  readonly durationMs?: number;
  readonly stacks?: boolean;
  /** path, '-' for stdout, or undefined for no file */
  readonly output?: string;
  /** Nice value of the recorder while it records (priority.ts); default DEFAULT_RECORD_NICE, 0 = unchanged. */
  readonly nice?: number;
}

export interface RecordSummary {
  readonly events: number;
  readonly lost: number;
  readonly commandExit?: number | string;
  readonly missing: readonly string[];
  /** Collector output lines that could not be read (skipped). */
  readonly unreadable?: number;
  /** File operations seen but not recorded: their fd's file could not be named. */
  readonly fileOpsUnrecorded?: number;
}

export interface RecordingSession {
  /** hostname, kernel release, collector(s), meta: probes attached/missing, target. */
  readonly header: Header;
  /** Time-sorted batches as recorded (hot; subscribing right after startRecording misses nothing). */
  readonly batches$: Observable<Batch>;
  /** Resolves when the command exits, the duration ends, or stop() is called; footer written. */
  readonly done: Promise<RecordSummary>;
  stop(): Promise<RecordSummary>;
}

const MERGE_WINDOW_NS = 250_000_000;
const MERGE_MAX_EVENTS = 200_000;
const TICK_MS = 100;
const FLUSH_MS = 200;
/** After the command exits: how long bpftrace may still deliver its events. */
const BPFTRACE_TAIL_MS = 300;
/** After SIGTERM to a command still running at the end: how long it has to exit. */
const COMMAND_GRACE_MS = 2000;

/** Starts recording; resolves once every collector is attached (the command then runs). */
export async function startRecording(options: RecordOptions): Promise<RecordingSession> {
  const collectors = checkCollectors(options);
  requireRoot();
  const bpftrace = collectors.some((c) => c !== 'ftrace') ? findBpftrace() : undefined;
  if (bpftrace !== undefined) requireTracefs();
  if (options.command !== undefined) requireExecutable(options.command[0]);
  const out = options.output === undefined ? undefined : await openRecordOutput(options.output);

  const command = options.command === undefined ? undefined : spawnHeldCommand(options.command, options.output === '-');
  const pids = command === undefined ? options.pids : [command.pid];
  const target: RecordTarget = { pids, comm: options.comm, stacks: options.stacks };

  const batches$ = new Subject<Batch>();
  let live = false;
  const early: Batch[] = [];
  let writer: TraceWriter | undefined;
  let writeFailure: unknown;
  // Why a collector died before stop() (bpftrace killed): the recording ends, exit 2.
  let collectorDeath: string | undefined;
  let events = 0;
  let lost = 0;
  // Stack ids and the Symbols records go to the file only: the live stream keeps its stacks.
  const symbols = createRecordSymbols({ stacks: options.stacks === true, seeds: options.command?.slice(1) });
  let writing: Promise<void> = Promise.resolve();
  const emit = (batch: Batch): void => {
    batches$.next(batch);
    if (writer === undefined) return;
    const out = writer;
    writing = writing.then(async () => {
      const { events, delta } = await symbols.annotate(batch);
      if (delta !== undefined) await out.symbols(delta);
      await out.write(events);
    }).catch((error: unknown) => {
      writeFailure ??= error;
      void stop();
    });
  };
  let sources: RecordSource[] = [];
  const window = createReorderWindow({
    windowNs: MERGE_WINDOW_NS,
    maxEvents: MERGE_MAX_EVENTS,
    limit: () => Math.min(...sources.map((s) => s.watermark())),
    onBatch: (batch) => {
      events += batch.length;
      for (const event of batch) if (event.kind === 'lost') lost += event.lost.count;
      if (live) emit(batch);
      else early.push(batch);
    },
  });
  const push = (event: TraceEvent): void => {
    symbols.observe(event);
    window.push(event);
  };
  let lateReported = 0;
  // Events the window could not place become a lost event.
  const reportLate = (): void => {
    if (window.late === lateReported) return;
    const count = window.late - lateReported;
    lateReported = window.late;
    push({ ts: Number(process.hrtime.bigint()), tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count, source: 'merge late' } });
  };

  try {
    sources = await startSources(collectors, target, bpftrace, push);
  } catch (error) {
    command?.kill('SIGKILL');
    if (out !== undefined && out !== '-') out.destroy();
    throw error;
  }
  // After the command was spawned and the collectors started: both keep their priority (bpftrace
  // must keep up with its buffers); only faultline's own reading and writing may yield to them.
  const restorePriority = lowerRecorderPriority(options.nice ?? DEFAULT_RECORD_NICE);
  const header = recordHeader(sources, describeTarget(target, options.command), BigInt(Date.now()) * 1_000_000n);
  if (out !== undefined) writer = createTraceWriter(out, header);

  const tick = setInterval(() => {
    window.advance(Number(process.hrtime.bigint()));
    reportLate();
  }, TICK_MS);
  const flush = setInterval(() => void writer?.flush().catch(() => undefined), FLUSH_MS);
  let duration: NodeJS.Timeout | undefined;

  let stopping: Promise<RecordSummary> | undefined;
  // Settles with stop(), whoever ends the recording.
  let settle: { resolve(s: RecordSummary): void; reject(e: unknown): void } | undefined;
  const done = new Promise<RecordSummary>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);
  const goLive = (): void => {
    if (live) return;
    live = true;
    for (const batch of early.splice(0)) emit(batch);
    if (options.durationMs !== undefined) duration = setTimeout(() => void stop(), options.durationMs);
    command?.release();
    if (command !== undefined && options.stacks === true) symbols.watch(command.pid);
  };

  function stop(): Promise<RecordSummary> {
    stopping ??= (async () => {
      goLive();
      clearTimeout(duration);
      const commandExit = command === undefined ? undefined : await endCommand(command);
      restorePriority();
      await Promise.all(sources.map((s) => s.stop()));
      clearInterval(tick);
      clearInterval(flush);
      reportLate();
      window.flush();
      batches$.complete();
      symbols.stop();
      await writing;
      if (writer !== undefined) {
        const closing = writer.close();
        await closing.catch((error: unknown) => {
          writeFailure ??= error;
        });
      }
      if (writeFailure !== undefined) throw writeFailure;
      if (collectorDeath !== undefined) {
        const where = options.output === undefined || options.output === '-' ? 'the trace' : options.output;
        throw new EnvironmentError(`${collectorDeath}; recording stopped, ${where} holds the ${events} events before it`);
      }
      return {
        events,
        lost,
        ...(commandExit === undefined ? {} : { commandExit }),
        missing: sources.flatMap((s) => s.missing),
        unreadable: sources.reduce((n, s) => n + s.unreadable(), 0),
        fileOpsUnrecorded: sources.reduce((n, s) => n + (s.fileOpsUnrecorded?.() ?? 0), 0),
      };
    })();
    stopping.then(settle!.resolve, settle!.reject);
    return stopping;
  }

  command?.exit.then(async () => {
    if (bpftrace !== undefined) await sleep(BPFTRACE_TAIL_MS);
    await stop().catch(() => undefined);
  });
  for (const source of sources) {
    void source.ended.then((why) => {
      if (why === undefined) return;
      if (stopping === undefined) collectorDeath ??= why;
      void stop().catch(() => undefined);
    });
  }
  // Batches flow and the command runs once the caller had the chance to subscribe.
  setImmediate(goLive);
  return { header, batches$: batches$.asObservable(), done, stop };
}

// The command's exit status; SIGTERM (then SIGKILL) when it is still running at the end.
async function endCommand(command: HeldCommand): Promise<number | string> {
  if (!command.exited()) {
    command.kill('SIGTERM');
    const timer = setTimeout(() => command.kill('SIGKILL'), COMMAND_GRACE_MS);
    try {
      return await command.exit;
    } finally {
      clearTimeout(timer);
    }
  }
  return command.exit;
}

// ftrace first (it excludes faultline's own process tree when it traces every task), then the
// bpftrace collectors together; on a failure the ones started are stopped.
async function startSources(
  collectors: readonly CollectorName[],
  target: RecordTarget,
  bpftrace: string | undefined,
  push: EventSink,
): Promise<RecordSource[]> {
  const sources: RecordSource[] = [];
  try {
    if (collectors.includes('ftrace')) sources.push(await startFtraceSource(target, push));
    const others = collectors.filter((c): c is 'bpftrace' | 'pthread' => c !== 'ftrace');
    const started = await Promise.allSettled(others.map((name) => startBpftraceSource(name, target, bpftrace!, push)));
    for (const result of started) if (result.status === 'fulfilled') sources.push(result.value);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return sources;
  } catch (error) {
    await Promise.allSettled(sources.map((s) => s.stop()));
    throw error;
  }
}

// The collectors, once each; ftrace and bpftrace record the same kernel events, so not both.
function checkCollectors(options: RecordOptions): CollectorName[] {
  const collectors = [...new Set(options.collectors)];
  if (collectors.length === 0) throw new UsageError('--collector: expected ftrace, bpftrace or pthread, got none');
  if (collectors.includes('ftrace') && collectors.includes('bpftrace')) {
    throw new UsageError('--collector: expected ftrace or bpftrace (they record the same kernel events), got both');
  }
  const targets = [options.pids, options.comm, options.command].filter((t) => t !== undefined).length;
  if (targets > 1) throw new UsageError('expected one target (--pid, --comm or -- CMD), got several');
  for (const pid of options.pids ?? []) {
    if (!(Number.isSafeInteger(pid) && pid > 0)) throw new UsageError(`--pid: expected a positive integer, got ${pid}`);
  }
  if (options.pids !== undefined && options.pids.length === 0) throw new UsageError('--pid: expected a process id, got none');
  if (options.comm !== undefined) parseTargetComm(options.comm);
  if (options.command !== undefined && options.command.length === 0) throw new UsageError('expected a command after --, got none');
  if (options.durationMs !== undefined && !(options.durationMs > 0)) {
    throw new UsageError(`--duration: expected a positive number of seconds, got ${options.durationMs / 1000}`);
  }
  return collectors;
}
