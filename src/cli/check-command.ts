// `faultline check <trace>`: replay and report; exit 0 clean, 1 findings, 2 bad input or usage.
import type { Command } from 'commander';
import { addReplayOptions, type ReplayCliOptions } from './replay-options.js';
import { runCommand } from './run-command.js';

export interface CheckOptions extends ReplayCliOptions {
  format: string; from?: string;
  output?: string; failOn?: string; suppress?: string; listUnusedSuppressions?: boolean;
  /** Whether the process's stderr is a terminal (the body runs in a worker, whose stderr is a pipe). */
  stderrTty?: boolean;
}

export function addCheckCommand(program: Command): void {
  const check = program
    .command('check')
    .description('replay a trace and report deadlocks (AA, AB/BA and longer cycles)')
    .argument('<trace>', 'trace file (.pb, ftrace text, jsonl, std) or - for stdin')
    .option('--policy <names>', 'naive, fdm, fdm-ordered, mainline, a comma list, or all', 'mainline');
  addReplayOptions(check)
    .option('--format <f>', 'text, json (one object; several policies: { reports: [...] }), jsonl (one report a line) or sarif', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <kinds>', 'finding kinds that exit 1 (aa, order-inversion, wait-cycle, bad-unlock, coherency), all or none')
    .option('--suppress <file>', 'accepted findings: lines of "KIND [LOCK{mode} ...]" with * and ? wildcards')
    .option('--list-unused-suppressions', 'with --suppress: name on stderr the lines that matched no finding')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .addHelpText('after', `
Exit status: 0 no findings, 1 findings (any qualification), 2 bad input or usage.
With --fail-on, 1 when a finding of those kinds is reported, else 0. Suppressed findings never fail.
Text findings print as they are found; a progress line shows on stderr when it is a terminal.

Examples:
  $ faultline check traces/s2-abba-apart.pb --policy fdm
  $ faultline check traces/gate-abba.pb --semantics predictive
  $ faultline check trace.txt --policy all --format json
  $ faultline check trace.pb --format sarif -o faultline.sarif --suppress known.supp --fail-on all
  $ ssh host faultline record -o - | faultline check -`)
    // The body (reader, replay, detectors, report) loads only when check runs, in a worker thread
    // whose running out of memory is one line and exit 2 (run-in-worker.ts).
    .action((trace: string, options: CheckOptions) => runCommand(async () =>
      (await import('./run-in-worker.js')).runInWorker(new URL('./check-worker.js', import.meta.url),
        { trace, options: { ...options, stderrTty: process.stderr.isTTY === true } }, trace)));
}
