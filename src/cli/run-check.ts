// The body of `faultline check`, loaded only when check runs: open, replay under each policy, report.
import { stat } from 'node:fs/promises';
import { openInput, openInputThreaded } from '../import/open-input.js';
import type { CheckOptions } from './check-command.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from './exit-codes.js';
import { parseFormatOption, parseOutputFormat, parsePolicies, parseSemantics } from './parse-options.js';

/**
 * Bytes of a regular file from which a .pb trace is decoded in a worker thread. A smaller one is
 * read on this thread: the worker's own start-up (a second isolate loading the reader, ~100 ms)
 * costs more than decoding a few MiB (~25 ns and ~27 bytes an event).
 */
export const WORKER_MIN_BYTES = 4 << 20;

/** Replays `trace` and prints its report; resolves to EXIT_FINDINGS when anything was found. */
export async function runCheck(trace: string, options: CheckOptions): Promise<number> {
  const policies = parsePolicies(options.policy);
  const semantics = parseSemantics(options.semantics);
  const format = parseOutputFormat(options.format);
  // The input opens first (a large .pb file's decode worker loads its modules on the other core)
  // while this thread loads the replay (rxjs, policies, detectors) and the report.
  const from = parseFormatOption(options.from);
  const opening = (await isLargeFile(trace)) ? openInputThreaded(trace, { from }) : openInput(trace, { from });
  // Awaited below; a rejection that comes while the modules load is not an unhandled one.
  opening.catch(() => undefined);
  const [{ checkInput }, { formatTextReport }, { formatJsonReport, renderJsonReport }] = await Promise.all([
    import('../replay/check-input.js'),
    import('../report/format-text-report.js'),
    import('../report/format-json-report.js'),
  ]);
  const input = await opening;
  const result = await checkInput(input, policies, semantics, { mmapLock: options.mmapLock });
  let found = false;
  for (const { policy, findings, notes } of result.results) {
    found ||= findings.length > 0;
    const report = { findings, input: result.info, policy, semantics, notes };
    if (format === 'json') {
      // One policy: the report object, indented; several: one object per line.
      process.stdout.write(policies.length > 1 ? `${JSON.stringify(formatJsonReport(report))}\n` : `${renderJsonReport(report)}\n`);
    } else {
      process.stdout.write(formatTextReport(report));
    }
  }
  return found ? EXIT_FINDINGS : EXIT_CLEAN;
}

// stdin, a pipe, a device or a missing path (reported by the reader) is not a large file.
async function isLargeFile(path: string): Promise<boolean> {
  if (path === '-') return false;
  const stats = await stat(path).catch(() => undefined);
  return stats !== undefined && stats.isFile() && stats.size >= WORKER_MIN_BYTES;
}
