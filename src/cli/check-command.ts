// `faultline check <trace>`: replay and report; exit 0 clean, 1 findings, 2 bad input or usage, 4 hazards only.
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export interface CheckOptions {
  policy: string; semantics: string; format: string; from?: string; mmapLock?: boolean;
  output?: string; failOn?: string; suppress?: string; listUnusedSuppressions?: boolean;
}

export function addCheckCommand(program: Command): void {
  program
    .command('check')
    .description('replay a trace and report deadlocks (AA, AB/BA and longer cycles)')
    .argument('<trace>', 'trace file (.pb, ftrace text, jsonl, std) or - for stdin')
    .option('--policy <names>', 'naive, fdm, fdm-ordered, mainline, a comma list, or all', 'mainline')
    .option('--semantics <s>', 'predictive (instance-level, thread-aware) or lockdep (class-level)', 'predictive')
    .option('--format <f>', 'text, json (one object; several policies: { reports: [...] }), jsonl (one report a line) or sarif', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <kinds>', 'finding kinds that exit 1 (aa, order-inversion, wait-cycle, bad-unlock, coherency), all or none')
    .option('--suppress <file>', 'accepted findings: lines of "KIND [LOCK{mode} ...]" with * and ? wildcards')
    .option('--list-unused-suppressions', 'with --suppress: name on stderr the lines that matched no finding')
    .option('--mmap-lock', 'also model mmap_lock (the mm rwsem) from mmap_lock:* events')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .addHelpText('after', `
Exit status: 0 no findings, 1 findings, 2 bad input or usage, 4 coherency hazards only.
With --fail-on, 1 when a finding of those kinds is reported, else 0. Suppressed findings never fail.
Text findings print as they are found; a progress line shows on stderr when it is a terminal.

Examples:
  $ faultline check traces/s2-abba-apart.pb --policy fdm
  $ faultline check trace.txt --policy all --format json
  $ faultline check trace.pb --format sarif -o faultline.sarif --suppress known.supp --fail-on all
  $ ssh host faultline record -o - | faultline check -`)
    // The body (reader, replay, detectors, report) loads only when check runs.
    .action((trace: string, options: CheckOptions) =>
      runCommand(async () => (await import('./run-check.js')).runCheck(trace, options)));
}
