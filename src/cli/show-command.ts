// `faultline show <trace>`: header, counts per event kind, tasks, files, lost, and the events as text.
import type { Command } from 'commander';
import { openInput } from '../import/open-input.js';
import { emptySummary, formatSummary, summarize } from '../report/trace-summary.js';
import { formatEvent } from '../report/format-event.js';
import { UsageError } from '../trace/errors.js';
import { EXIT_CLEAN } from './exit-codes.js';
import { parseFormatOption } from './parse-options.js';
import { runCommand } from './run-command.js';

interface ShowOptions { events?: boolean; limit?: string; from?: string }

export function addShowCommand(program: Command): void {
  program
    .command('show')
    .description('summarise a trace: header, counts per event kind, tasks, files, lost events')
    .argument('<trace>', 'trace file (.pb, ftrace text, jsonl, std) or - for stdin')
    .option('--events', 'also print every event as one line of text')
    .option('--limit <n>', 'with --events: print at most n events')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .addHelpText('after', `
Examples:
  $ faultline show traces/s2-abba-apart.pb
  $ faultline show capture.txt --events --limit 50`)
    .action((trace: string, options: ShowOptions) => runCommand(() => show(trace, options)));
}

async function show(trace: string, options: ShowOptions): Promise<number> {
  const limit = options.limit === undefined ? Infinity : Number(options.limit);
  if (!(limit >= 0 && Number.isInteger(limit) || limit === Infinity)) {
    throw new UsageError(`--limit: expected a whole number, got "${options.limit}"`);
  }
  const input = await openInput(trace, { from: parseFormatOption(options.from) });
  const summary = emptySummary();
  let index = 0;
  for await (const batch of input.batches()) {
    summarize(summary, batch);
    if (options.events) {
      const lines: string[] = [];
      for (const event of batch) {
        if (index < limit) lines.push(formatEvent(event, index));
        index++;
      }
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    }
  }
  process.stdout.write(formatSummary(summary, input.info));
  return EXIT_CLEAN;
}
