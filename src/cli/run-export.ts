// The body of `faultline export`, loaded only when export runs: one replay, one writer.
import { openInput } from '../input/open-input.js';
import { UsageError } from '../trace/errors.js';
import { openOutput } from '../trace/output-sink.js';
import { EXIT_CLEAN } from './exit-codes.js';
import type { ExportOptions } from './export-command.js';
import { parseFormatOption, parsePolicies, parseSemantics } from './parse-options.js';

export const EXPORT_FORMATS = ['perfetto', 'chrome-json', 'dot'] as const;

/** Writes `trace` in the format of --to; exit 0 (findings show in the output, not the status). */
export async function runExport(trace: string, options: ExportOptions): Promise<number> {
  const to = options.to;
  if (!(EXPORT_FORMATS as readonly (string | undefined)[]).includes(to)) {
    throw new UsageError(`--to: expected one of ${EXPORT_FORMATS.join(', ')}, got "${to}"`);
  }
  const policies = parsePolicies(options.policy);
  if (policies.length !== 1) throw new UsageError(`--policy: export shows one policy's locks, got ${policies.length}`);
  const semantics = parseSemantics(options.semantics);
  if (options.cycles && to !== 'dot') throw new UsageError('--cycles: only with --to dot');
  const input = await openInput(trace, { from: parseFormatOption(options.from) });
  const { exportReplay } = await import('../export/export-replay.js');
  const data = await exportReplay(input, policies[0], semantics, { mmapLock: options.mmapLock });
  let body: Uint8Array | string;
  if (to === 'perfetto') {
    body = (await import('../export/perfetto-trace.js')).perfettoTrace(data.timeline, data.findings);
  } else if (to === 'chrome-json') {
    body = `${(await import('../export/chrome-trace.js')).chromeTrace(data.timeline, data.findings)}\n`;
  } else {
    const title = `${input.info.path}: policy ${data.policy}${options.cycles ? ', cycles of findings' : ''}`;
    body = (await import('../export/lock-graph-dot.js')).lockGraphDot(data.timeline, data.findings, { cycles: options.cycles, title });
  }
  const out = openOutput(options.output);
  await out.send(body);
  await out.end();
  return EXIT_CLEAN;
}
