// `faultline convert <input> -o <out>`: any supported input to a .pb trace, or a trace to jsonl.
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export interface ConvertOptions { output: string; to?: string; from?: string }

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
    .action((input: string, options: ConvertOptions) =>
      runCommand(async () => (await import('./run-convert.js')).runConvert(input, options)));
}
