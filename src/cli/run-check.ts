// The body of `faultline check`, loaded only when check runs: open, replay under each policy, report.
import { readFile, stat } from 'node:fs/promises';
import { assertUnreachable } from '../assert.js';
import { openInput, openInputThreaded } from '../input/open-input.js';
import type { Finding } from '../detect/finding.js';
import type { Suppression } from '../report/suppressions.js';
import { InputError, UsageError } from '../trace/errors.js';
import { openOutput } from '../trace/output-sink.js';
import type { CheckOptions } from './check-command.js';
import { createCheckProgress, terminalStderr } from './check-progress.js';
import { failStatus, parseFailOn } from './fail-on.js';
import { parseFormatOption, parseReplayOptions } from './parse-options.js';

/**
 * Bytes of a regular file from which a .pb trace is decoded in a worker thread. A smaller one is
 * read on this thread: the worker's own start-up (a second isolate loading the reader, ~100 ms)
 * costs more than decoding a few MiB (~25 ns and ~27 bytes an event).
 */
export const WORKER_MIN_BYTES = 4 << 20;

/**
 * Bytes of a regular file from which `check` of several policies replays half of them in a policy
 * worker once they diverge (replay/replay.ts). Below it they replay on one thread: the worker's
 * start-up, its own decoding and its code warming up cost 0.5–1 s of CPU, which a 200 k-event
 * (5 MiB) DIO trace does not win back (1.6–2.5 s against 1.3–1.9 s) and a 1 M-event (26 MiB)
 * one only when the second core is free (docs/design.md).
 */
export const POLICY_WORKER_MIN_BYTES = 32 << 20;

export const REPORT_FORMATS = ['text', 'json', 'jsonl', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The version SARIF logs name. */
const TOOL_VERSION = '0.1.0';

/**
 * Replays `trace` and writes its report: text findings as they are first found, JSON, JSON lines
 * or SARIF at the end. Resolves to the exit status of fail-on.ts.
 */
export async function runCheck(trace: string, options: CheckOptions): Promise<number> {
  const replayOptions = parseReplayOptions(options);
  const { policies, semantics } = replayOptions;
  const format = parseReportFormat(options.format);
  const failOn = parseFailOn(options.failOn);
  const from = parseFormatOption(options.from);
  if (options.listUnusedSuppressions && options.suppress === undefined) throw new UsageError('--list-unused-suppressions: only with --suppress FILE');
  const suppressions = options.suppress === undefined ? [] : await loadSuppressions(options.suppress);
  // The input opens first (a large .pb file's decode worker loads its modules on the other core)
  // while this thread loads the replay (rxjs, policies, detectors) and the report.
  const size = await fileSize(trace);
  const open = size >= WORKER_MIN_BYTES ? openInputThreaded : openInput;
  const opening = open(trace, { from });
  // Awaited below; a rejection that comes while the modules load is not an unhandled one.
  opening.catch(() => undefined);
  const [{ replay }, { formatFinding }, { symbolizeFinding }, { textOpening, textClosing }, { formatJsonReport }, { applySuppressions }, rxjs] = await Promise.all([
    import('../replay/replay.js'),
    import('../report/format-finding.js'),
    import('../report/symbolize-finding.js'),
    import('../report/check-text-stream.js'),
    import('../report/format-json-report.js'),
    import('../report/suppressions.js'),
    import('rxjs'),
  ]);
  const input = await opening;
  const out = openOutput(options.output ?? '-');
  const stderrTty = options.stderrTty ?? process.stderr.isTTY === true;
  // On a terminal the opening and progress lines go straight to fd 2, in the order written.
  const progress = createCheckProgress(trace, stderrTty ? terminalStderr : process.stderr, stderrTty);
  if (stderrTty && options.output !== undefined && options.output !== '-') {
    terminalStderr.write(`faultline: checking ${input.info.path === '-' ? 'stdin' : input.info.path} (${input.info.format}) → ${options.output}\n`);
  }
  // The opening line goes out with the first batch: input that cannot be read prints only its error.
  let opened = format !== 'text';
  let pending: Promise<void> = Promise.resolve();
  const send = (text: string): void => {
    if (!opened) {
      opened = true;
      const opening = textOpening(input.info, policies, semantics);
      pending = pending.then(() => out.send(opening));
    }
    pending = pending.then(() => out.send(text));
  };

  // Text: each new finding's block as soon as a batch reveals it (suppressed ones are not shown).
  const shown = policies.map(() => 0);
  // A file can be read again: policies share one engine while its events allow, and a large one's
  // then replay half in a policy worker (replay.ts).
  const reopen = trace === '-' ? undefined : () => open(trace, { from });
  const startWorker = size >= POLICY_WORKER_MIN_BYTES && policies.length > 1 ? (await import('./check-policy-channel.js')).policyWorkerOf(trace, from) : undefined;
  const replayed = replay(progress.count(input.batches()), replayOptions, reopen, startWorker).pipe(
    rxjs.tap((engines) => {
      if (format !== 'text') return;
      send('');
      engines.forEach((engine, p) => {
        const findings = engine.findings();
        const fresh = findings.slice(shown[p]).filter((f) => applySuppressions([f], suppressions).kept.length > 0);
        shown[p] = findings.length;
        if (fresh.length > 0) send(`${fresh.flatMap((f) => formatFinding(symbolizeFinding(f, input.info.symbols))).join('\n')}\n`);
      });
    }),
    rxjs.defaultIfEmpty(undefined),
  );
  const engines = await rxjs.lastValueFrom(replayed);
  await pending;
  progress.stop();

  const results = policies.map((policy, p) => {
    const all: readonly Finding[] = engines === undefined ? [] : engines[p].findings();
    return { policy, ...applySuppressions(all, suppressions) };
  });
  const reports = results.map((r, p) => ({ findings: r.kept, input: input.info, policy: r.policy, semantics, notes: engines?.[p].notes() }));
  const suppressedCount = (r: (typeof results)[number]): object => (options.suppress === undefined ? {} : { suppressed: r.suppressed.length });
  switch (format) {
    case 'text':
      send('');
      await pending;
      await out.send(textClosing(input.info, results.map((r, p) => ({ policy: r.policy, findings: r.kept, suppressed: r.suppressed.length, suppressFile: options.suppress, notes: engines?.[p].notes() }))));
      break;
    case 'json': {
      // One policy: its report object; several: one object holding every report.
      const objects = reports.map((report, p) => ({ ...formatJsonReport(report), ...suppressedCount(results[p]) }));
      await out.send(`${JSON.stringify(objects.length === 1 ? objects[0] : { reports: objects }, undefined, 2)}\n`);
      break;
    }
    case 'jsonl':
      await out.send(reports.map((report, p) => `${JSON.stringify({ ...formatJsonReport(report), ...suppressedCount(results[p]) })}\n`).join(''));
      break;
    case 'sarif': {
      const { formatSarif } = await import('../report/format-sarif.js');
      const log = formatSarif(results.map((r, p) => ({ report: reports[p], suppressed: r.suppressed })), { version: TOOL_VERSION });
      await out.send(`${JSON.stringify(log, undefined, 2)}\n`);
      break;
    }
    default:
      assertUnreachable(format);
  }
  await out.end();
  if (options.listUnusedSuppressions) {
    const used = new Set(results.flatMap((r) => r.suppressed.map((s) => s.by)));
    for (const s of suppressions) {
      if (!used.has(s)) process.stderr.write(`faultline: ${s.file}:${s.line}: unused suppression: ${s.text}\n`);
    }
  }
  return failStatus(results.flatMap((r) => r.kept), failOn);
}

function parseReportFormat(value: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(`--format: expected one of ${REPORT_FORMATS.join(', ')}, got "${value}"`);
}

async function loadSuppressions(path: string): Promise<Suppression[]> {
  const { parseSuppressions } = await import('../report/suppressions.js');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(path, `cannot read suppressions: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  return parseSuppressions(text, path);
}

// The size of a regular file; 0 for stdin, a pipe, a device or a missing path (reported by the reader).
async function fileSize(path: string): Promise<number> {
  if (path === '-') return 0;
  const stats = await stat(path).catch(() => undefined);
  return stats !== undefined && stats.isFile() ? stats.size : 0;
}
