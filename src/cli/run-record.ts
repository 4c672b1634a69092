// The body of `faultline record`, loaded only when record runs: start the collectors, show
// progress on a terminal, and stop with a footer on SIGINT/SIGTERM, --duration or the command's exit.
import { parseTargetComm, parseTargetPids } from '../collect/collect-env.js';
import { COLLECTOR_NAMES } from '../collect/source.js';
import { parseRecordNice } from '../collect/priority.js';
import { startRecording, type CollectorName, type RecordingSession, type RecordSummary } from '../collect/session.js';
import { UsageError } from '../trace/errors.js';
import { EXIT_CLEAN } from './exit-codes.js';
import type { RecordCliOptions } from './record-command.js';

const PROGRESS_MS = 1000;

/** Records until the end of the command, --duration or a signal; the summary line on stderr. */
export async function runRecord(command: string[], options: RecordCliOptions): Promise<number> {
  const collectors = parseCollectors(options.collector);
  const output = options.output ?? defaultOutput(new Date());
  const durationMs = options.duration === undefined ? undefined : parseDuration(options.duration);
  const pids = options.pid === undefined ? undefined : parseTargetPids(options.pid);
  const comm = options.comm === undefined ? undefined : parseTargetComm(options.comm);
  const nice = parseRecordNice(options.nice);

  // Signals before the collectors are attached end the recording as soon as it starts.
  let session: RecordingSession | undefined;
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    void session?.stop().catch(() => undefined);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    session = await startRecording({
      collectors, pids, comm, durationMs, output, stacks: options.stacks === true, nice,
      command: command.length > 0 ? command : undefined,
    });
    if (session.header.meta.missing !== '') {
      process.stderr.write(`faultline: warning: this kernel lacks ${session.header.meta.missing}; recording without them\n`);
    }
    const stopProgress = process.stderr.isTTY ? showProgress(session) : () => undefined;
    if (interrupted) void session.stop().catch(() => undefined);
    let summary: RecordSummary;
    try {
      summary = await session.done;
    } finally {
      stopProgress();
    }
    process.stderr.write(`${formatSummaryLine(summary, output)}\n`);
    return EXIT_CLEAN;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

// The progress line: rewritten in place once a second, cleared at the end.
function showProgress(session: RecordingSession): () => void {
  let events = 0;
  let lost = 0;
  let last = 0;
  const started = Date.now();
  let lastAt = started;
  const subscription = session.batches$.subscribe((batch) => {
    events += batch.length;
    for (const event of batch) if (event.kind === 'lost') lost += event.lost.count;
  });
  const timer = setInterval(() => {
    const now = Date.now();
    const rate = ((events - last) * 1000) / Math.max(1, now - lastAt);
    last = events;
    lastAt = now;
    const seconds = Math.round((now - started) / 1000);
    process.stderr.write(`\r\x1b[Krecording ${seconds}s: ${events} events, ${Math.round(rate)} events/s, ${lost} lost`);
  }, PROGRESS_MS);
  return () => {
    clearInterval(timer);
    subscription.unsubscribe();
    process.stderr.write('\r\x1b[K');
  };
}

/** "faultline: recorded N events (L lost) to FILE; command exited with status S". */
export function formatSummaryLine(summary: RecordSummary, output: string): string {
  const where = output === '-' ? 'stdout' : output;
  let line = `faultline: recorded ${summary.events} events (${summary.lost} lost) to ${where}`;
  if ((summary.unreadable ?? 0) > 0) line += `; ${summary.unreadable} unreadable collector lines skipped`;
  if ((summary.fileOpsUnrecorded ?? 0) > 0) line += `; ${summary.fileOpsUnrecorded} file operations not recorded (fd not named)`;
  if (summary.commandExit !== undefined) {
    line += typeof summary.commandExit === 'number'
      ? `; command exited with status ${summary.commandExit}`
      : `; command killed by ${summary.commandExit}`;
  }
  return line;
}

function parseCollectors(values: readonly string[]): CollectorName[] {
  if (values.length === 0) return ['ftrace'];
  for (const value of values) {
    if (!(COLLECTOR_NAMES as readonly string[]).includes(value)) {
      throw new UsageError(`--collector: expected one of ${COLLECTOR_NAMES.join(', ')}, got "${value}"`);
    }
  }
  return values as CollectorName[];
}

/** --duration in seconds → milliseconds (record, watch --live). */
export function parseDuration(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0)) {
    throw new UsageError(`--duration: expected a positive number of seconds, got "${text}"`);
  }
  return seconds * 1000;
}

/** faultline-YYYYMMDD-HHMMSS.pb in the current directory, local time. */
export function defaultOutput(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `faultline-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-` +
    `${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.pb`;
}
