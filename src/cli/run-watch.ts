// The body of `faultline watch`, loaded only when watch runs: a paced replay of a trace or a live
// recording, shown on the Ink dashboard (loaded in turn only on a terminal) or as status lines.
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { lastValueFrom, map, takeWhile, tap } from 'rxjs';
import { parseTargetComm, parseTargetPids } from '../collect/collect-env.js';
import type { CollectorName, RecordingSession } from '../collect/session.js';
import { openInput } from '../input/open-input.js';
import type { PaceSpeed } from '../replay/pace-clock.js';
import { FRAME_MS } from '../replay/watch-frames.js';
import { holdUntilSubscribed } from '../replay/hold-until-subscribed.js';
import { createWatchSession, type WatchSession, type WatchSource, type WatchState } from '../replay/watch-session.js';
import { findingsSummary } from '../report/findings-summary.js';
import { inputWarnings } from '../report/input-warnings.js';
import { UsageError } from '../trace/errors.js';
import type { TraceInput } from '../trace/input.js';
import type { DashboardAction } from '../ui/dashboard-keys.js';
import { findingLine } from '../ui/finding-line.js';
import { statusLine } from '../ui/status-line.js';
import { dashboardProps } from './dashboard-props.js';
import { failStatus } from './fail-on.js';
import { parseFormatOption, parseReplayOptions } from './parse-options.js';
import { MAX_SPEED, type WatchCliOptions } from './watch-command.js';

/** Without a terminal, a status line at most this often (ms). */
const STATUS_MS = 1000;

/** Runs the dashboard (or, without a terminal, status lines) until q or the end of the input. */
export async function runWatch(args: readonly string[], options: WatchCliOptions): Promise<number> {
  const { policies, ...replay } = parseReplayOptions(options);
  if (policies.length !== 1) throw new UsageError(`--policy: expected one policy (p switches to the next), got "${options.policy}"`);
  const speed = parseSpeed(options.speed);
  if (options.live !== true) {
    for (const [flag, value] of [['--duration', options.duration], ['--stacks', options.stacks], ['--nice', options.nice], ['--pid', options.pid], ['--comm', options.comm]] as const) {
      if (value !== undefined) throw new UsageError(`${flag}: only with --live`);
    }
  }
  const recording = options.live === true ? await startLive(args, options) : undefined;
  const source = recording === undefined ? await traceSource(args, options) : liveSource(recording, options);
  const session = createWatchSession({ source, policy: policies[0], replay, speed, paused: options.paused === true });
  const keys = process.stdout.isTTY ? keyInput(args[0] === '-' && recording === undefined) : undefined;
  try {
    const last = keys === undefined ? await printStatus(session, recording) : await runDashboard(session, keys);
    return failStatus(last?.findings ?? [], undefined);
  } finally {
    session.close();
    if (keys !== undefined && keys !== process.stdin) keys.destroy();
    if (recording !== undefined) await recording.stop();
  }
}

function parseSpeed(value: string): PaceSpeed {
  if (value === 'max') return 'max';
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n <= MAX_SPEED)) {
    throw new UsageError(`--speed: expected a number above 0 and up to ${MAX_SPEED}, or max, got "${value}"`);
  }
  return n;
}

// A trace file (reopened for each policy; its first open here reports bad input before the UI starts) or stdin.
async function traceSource(args: readonly string[], options: WatchCliOptions): Promise<WatchSource> {
  if (args.length === 0) throw new UsageError('expected a trace file, - for stdin, or --live');
  if (args.length > 1) throw new UsageError(`expected one trace, got ${args.length} arguments (to run a command: --live -- CMD)`);
  const path = args[0];
  const from = parseFormatOption(options.from);
  let opened: TraceInput | undefined = await openInput(path, { from });
  if (path === '-') return { kind: 'stream', label: 'stdin', input: opened };
  return {
    kind: 'file',
    label: path,
    async open() {
      const input = opened ?? (await openInput(path, { from }));
      opened = undefined;
      return input;
    },
  };
}

// The collectors (execa, tracefs, bpftrace) load here: a watch of a trace file never needs them.
async function startLive(args: readonly string[], options: WatchCliOptions): Promise<RecordingSession> {
  if (options.output === '-') throw new UsageError('-o: watch shows the recording on stdout, expected a file, got -');
  const [{ COLLECTOR_NAMES }, { startRecording }, { parseDuration }, { parseRecordNice }] = await Promise.all([
    import('../collect/source.js'), import('../collect/session.js'), import('./run-record.js'),
    import('../collect/priority.js')]);
  for (const value of options.collector) {
    if (!(COLLECTOR_NAMES as readonly string[]).includes(value)) {
      throw new UsageError(`--collector: expected one of ${COLLECTOR_NAMES.join(', ')}, got "${value}"`);
    }
  }
  return startRecording({
    collectors: options.collector.length > 0 ? (options.collector as CollectorName[]) : ['ftrace'],
    pids: options.pid === undefined ? undefined : parseTargetPids([options.pid]),
    comm: options.comm === undefined ? undefined : parseTargetComm(options.comm),
    command: args.length > 0 ? args : undefined,
    output: options.output,
    durationMs: options.duration === undefined ? undefined : parseDuration(options.duration),
    stacks: options.stacks === true,
    ...(options.nice === undefined ? {} : { nice: parseRecordNice(options.nice) }),
  });
}

function liveSource(recording: RecordingSession, options: WatchCliOptions): WatchSource {
  const collectors = options.collector.length > 0 ? options.collector.join('+') : 'ftrace';
  // Held from now: a program shorter than the dashboard's start-up is shown whole at its end.
  return { kind: 'live', label: `live (${collectors})`, batches$: holdUntilSubscribed(recording.batches$) };
}

// Where keys come from: stdin when it is a terminal and not the trace, else the controlling
// terminal; undefined (plain status lines) when there is none.
function keyInput(stdinIsTrace: boolean): ReadStream | undefined {
  if (!stdinIsTrace && process.stdin.isTTY) return process.stdin as ReadStream;
  try {
    return new ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    return undefined;
  }
}

// Runs `load` with CI and CONTINUOUS_INTEGRATION masked, then restores them. Ink reads them once, as
// it loads (is-in-ci), and in CI draws nothing until exit; this runs only on a real terminal, which
// test machines with CI exported have too. A --live command still inherits the variables.
async function outsideCi<T>(load: () => Promise<T>): Promise<T> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  for (const key of Object.keys(saved)) if (process.env[key] !== undefined) process.env[key] = '0';
  try {
    return await load();
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

// Mounts the app until `q`; an input error closes it and is rethrown (exit 2). Ink and React load
// here, not with the command line, and React's production build unless NODE_ENV says otherwise:
// the development build checks and profiles every render, a few ms a frame.
async function runDashboard(session: WatchSession, stdin: ReadStream): Promise<WatchState | undefined> {
  process.env.NODE_ENV ??= 'production';
  const [{ render }, { createElement }, { WatchApp }] = await outsideCi(() =>
    Promise.all([import('ink'), import('react'), import('../ui/watch-app.js')]));
  let last: WatchState | undefined;
  let failure: unknown;
  const state$ = session.state$.pipe(tap({ next: (state) => { last = state; } }), map(dashboardProps));
  const onAction = (action: DashboardAction): void => {
    if (action.kind !== 'quit') session.command(action);
  };
  const app = render(createElement(WatchApp, { state$, onAction }), { stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 1000 / FRAME_MS });
  const errors = session.state$.subscribe({
    error: (error: unknown) => {
      failure = error;
      app.unmount();
    },
  });
  try {
    await app.waitUntilExit();
  } finally {
    errors.unsubscribe();
  }
  if (failure !== undefined) throw failure;
  return last;
}

// Without a terminal: findings as they appear, a status line at most once a second, and at the
// end (of the input, or of a recording: Ctrl-C stops it) the warnings and a summary.
async function printStatus(session: WatchSession, recording: RecordingSession | undefined): Promise<WatchState | undefined> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const stop = (): void => void recording?.stop().catch(() => undefined);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let printed = 0;
  let statusAt = -Infinity;
  try {
    const last = await lastValueFrom(session.state$.pipe(
      tap((state) => {
        for (; printed < state.findings.length; printed++) out(findingLine(state.findings[printed]));
        const now = performance.now();
        if (state.done || now - statusAt >= STATUS_MS) {
          out(statusLine(state.snapshot, state.eventsPerSecond));
          statusAt = now;
        }
      }),
      takeWhile((state) => !state.done, true),
    ), { defaultValue: undefined });
    if (last !== undefined) {
      if (last.info !== undefined) for (const line of inputWarnings(last.info)) out(line);
      out(`policy ${last.policy}, semantics ${last.semantics}: ${findingsSummary(last.findings)}`);
    }
    return last;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
