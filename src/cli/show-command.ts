// `faultline show <trace>`: header, counts per event kind, tasks, files, lost, and the events as text.
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export interface ShowOptions { events?: boolean; limit?: string; from?: string; format: string; output?: string }

export function addShowCommand(program: Command): void {
  program
    .command('show')
    .description('summarise a trace: header, counts per event kind, tasks, files, lost events')
    .argument('<trace>', 'trace file (.pb, ftrace text, jsonl, std) or - for stdin')
    .option('--events', 'also print every event as one line of text')
    .option('--limit <n>', 'with --events: print at most n events')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .option('--format <f>', 'text or json (the summary as one object; with --events, JSON lines: the events, then the summary)', 'text')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', `
Examples:
  $ faultline show traces/s2-abba-apart.pb
  $ faultline show capture.txt --events --limit 50
  $ faultline show trace.pb --format json | jq .tasks`)
    .action((trace: string, options: ShowOptions) =>
      runCommand(async () => (await import('./run-show.js')).runShow(trace, options)));
}
