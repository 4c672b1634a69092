// `faultline record`: attach collectors to the running kernel and write a .pb trace; a progress
// line on stderr when it is a terminal; SIGINT/SIGTERM end the recording with a footer.
import type { Command } from 'commander';
import { parseTargetComm, parseTargetPid } from '../collect/collect-env.js';
import { COLLECTOR_NAMES } from '../collect/record-source.js';
import { DEFAULT_RECORD_NICE, parseRecordNice } from '../collect/record-priority.js';
import { startRecording, type CollectorName, type RecordingSession, type RecordSummary } from '../collect/record-session.js';
import { UsageError } from '../trace/errors.js';
import { EXIT_CLEAN } from './exit-codes.js';
import { runCommand } from './run-command.js';

interface RecordCliOptions {
  collector: string[];
  pid?: string;
  comm?: string;
  duration?: string;
  stacks?: boolean;
  output?: string;
  nice: string;
}

const PROGRESS_MS = 1000;

export function addRecordCommand(program: Command): void {
  program
    .command('record')
    .description('record lock, page-fault and O_DIRECT events from the running kernel (root)')
    .argument('[command...]', 'after --: a command to start once the probes are attached; its whole process tree is traced')
    .option('--collector <name>', 'ftrace (tracefs, lowest overhead), bpftrace (kernel.bt) or pthread (libc locks); repeatable',
      (value: string, previous: string[]) => [...previous, value], [])
    .option('--pid <n>', 'trace this process and the processes it forks from now on')
    .option('--comm <name>', 'trace tasks with this command name (up to 15 characters of [A-Za-z0-9_.-])')
    .option('--duration <seconds>', 'stop after this many seconds')
    .option('--stacks', 'bpftrace/pthread: record a stack with the events that take or wait for something')
    .option('-o, --output <file>', 'the trace file, or - for stdout (default: faultline-YYYYMMDD-HHMMSS.pb)')
    .option('--nice <n>', 'nice value of faultline itself while recording (0-19, 0: unchanged): the workload keeps more CPU, faultline may fall behind; the command and bpftrace keep theirs',
      String(DEFAULT_RECORD_NICE))
    .addHelpText('after', `
Without --pid, --comm or a command, every task is traced (except faultline itself).
The recording ends when the command exits, after --duration, or on Ctrl-C (SIGINT) or
SIGTERM; the trace always gets its footer. A trace cut short (SIGKILL, a full disk) is
readable up to its last whole batch, and reported as incomplete. The command's exit status
is printed; faultline record exits 0 once the trace is written, 2 when the machine lacks
something (root, bpftrace, tracefs) or the options are wrong.
ftrace and bpftrace record the same kernel events: pick one of them, plus pthread if the
program's own locks matter. A tracepoint this kernel lacks is left out, said on stderr and
noted in the trace header (meta "missing").

Examples:
  $ sudo faultline record --collector ftrace -o ab.pb -- ./ab
  $ faultline check ab.pb --policy fdm
  $ sudo faultline record --collector pthread --collector ftrace -o app.pb -- ./app --threads 4
  $ sudo faultline record --pid 4242 --duration 30 -o db.pb
  $ ssh host sudo faultline record --comm fio -o - | faultline watch -`)
    .action((command: string[], options: RecordCliOptions) => runCommand(() => record(command, options)));
}

async function record(command: string[], options: RecordCliOptions): Promise<number> {
  const collectors = parseCollectors(options.collector);
  const output = options.output ?? defaultOutput(new Date());
  const durationMs = options.duration === undefined ? undefined : parseDuration(options.duration);
  const pid = options.pid === undefined ? undefined : parseTargetPid(options.pid);
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
      collectors, pid, comm, durationMs, output, stacks: options.stacks === true, nice,
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

function parseDuration(text: string): number {
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
