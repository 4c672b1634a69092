// The body of `faultline convert`, loaded only when convert runs.
import { openInput } from '../input/open-input.js';
import { convertToPb } from '../import/convert-to-pb.js';
import { exportJsonl } from '../import/export-jsonl.js';
import { UsageError } from '../trace/errors.js';
import type { ConvertOptions } from './convert-command.js';
import { EXIT_CLEAN } from './exit-codes.js';
import { parseFormatOption } from './parse-options.js';
import { writeReplacing } from './write-replacing.js';

/** Writes `path` as a .pb trace or as jsonl; skipped lines and a missing footer are warned about. */
export async function runConvert(path: string, options: ConvertOptions): Promise<number> {
  const to = options.to ?? (options.output.endsWith('.jsonl') ? 'jsonl' : 'pb');
  if (to !== 'pb' && to !== 'jsonl') throw new UsageError(`--to: expected pb or jsonl, got "${to}"`);
  const input = await openInput(path, { from: parseFormatOption(options.from) });
  await writeReplacing<unknown>(options.output, (out) => (to === 'pb' ? convertToPb(input, out) : exportJsonl(input.batches(), out)));
  warnSkipped(input.info.skipped, input.info.complete);
  return EXIT_CLEAN;
}

function warnSkipped(skipped: number, complete: boolean): void {
  if (skipped > 0) process.stderr.write(`faultline: warning: ${skipped} unreadable lines or records skipped\n`);
  if (!complete) process.stderr.write('faultline: warning: input trace is incomplete (no footer)\n');
}
