// `faultline convert <input> -o <out>`: any supported input to a .pb trace, or a trace to jsonl.
import type { Command } from 'commander';
import { openInput } from '../import/open-input.js';
import { convertToPb } from '../import/convert-to-pb.js';
import { exportJsonl } from '../import/export-jsonl.js';
import { UsageError } from '../trace/errors.js';
import { EXIT_CLEAN } from './exit-codes.js';
import { parseFormatOption } from './parse-options.js';
import { runCommand } from './run-command.js';

interface ConvertOptions { output: string; to?: string; from?: string }

export function addConvertCommand(program: Command): void {
  program
    .command('convert')
    .description('convert ftrace text, jsonl or std (RAPID) to a .pb trace, or a trace to jsonl')
    .argument('<input>', 'input file or - for stdin (format recognised from its content)')
    .requiredOption('-o, --output <file>', 'output file, or - for stdout')
    .option('--to <format>', 'pb or jsonl (default: jsonl when the output ends in .jsonl, else pb)')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .addHelpText('after', `
Examples:
  $ faultline convert /sys/kernel/tracing/trace -o capture.pb
  $ faultline convert capture.pb -o capture.jsonl
  $ faultline convert program.std -o program.pb --from std`)
    .action((input: string, options: ConvertOptions) => runCommand(() => convert(input, options)));
}

async function convert(path: string, options: ConvertOptions): Promise<number> {
  const to = options.to ?? (options.output.endsWith('.jsonl') ? 'jsonl' : 'pb');
  if (to !== 'pb' && to !== 'jsonl') throw new UsageError(`--to: expected pb or jsonl, got "${to}"`);
  const input = await openInput(path, { from: parseFormatOption(options.from) });
  if (to === 'pb') await convertToPb(input, options.output);
  else await exportJsonl(input.batches(), options.output);
  warnSkipped(input.info.skipped, input.info.complete);
  return EXIT_CLEAN;
}

function warnSkipped(skipped: number, complete: boolean): void {
  if (skipped > 0) process.stderr.write(`faultline: warning: ${skipped} unreadable lines or records skipped\n`);
  if (!complete) process.stderr.write('faultline: warning: input trace is incomplete (no footer)\n');
}
