// `faultline check <trace>`: replay and report; exit 0 clean, 1 findings, 2 bad input or usage.
import type { Command } from 'commander';
import { openInputThreaded } from '../import/open-input.js';
import { checkInput } from '../replay/check-input.js';
import { formatTextReport } from '../report/format-text-report.js';
import { formatJsonReport, renderJsonReport } from '../report/format-json-report.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from './exit-codes.js';
import { parseFormatOption, parseOutputFormat, parsePolicies, parseSemantics } from './parse-options.js';
import { runCommand } from './run-command.js';

interface CheckOptions { policy: string; semantics: string; format: string; from?: string; mmapLock?: boolean }

export function addCheckCommand(program: Command): void {
  program
    .command('check')
    .description('replay a trace and report deadlocks (AA, AB/BA and longer cycles)')
    .argument('<trace>', 'trace file (.pb, ftrace text, jsonl, std) or - for stdin')
    .option('--policy <names>', 'naive, fdm, fdm-ordered, mainline, a comma list, or all', 'mainline')
    .option('--semantics <s>', 'predictive (instance-level, thread-aware) or lockdep (class-level)', 'predictive')
    .option('--format <f>', 'text or json', 'text')
    .option('--mmap-lock', 'also model mmap_lock (the mm rwsem) from mmap_lock:* events')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .addHelpText('after', `
Exit status: 0 no findings, 1 findings, 2 bad input or usage.

Examples:
  $ faultline check traces/s2-abba-apart.pb --policy fdm
  $ faultline check trace.txt --policy all --format json
  $ ssh host faultline record -o - | faultline check -`)
    .action((trace: string, options: CheckOptions) => runCommand(() => check(trace, options)));
}

async function check(trace: string, options: CheckOptions): Promise<number> {
  const policies = parsePolicies(options.policy);
  const semantics = parseSemantics(options.semantics);
  const format = parseOutputFormat(options.format);
  const input = await openInputThreaded(trace, { from: parseFormatOption(options.from) });
  const result = await checkInput(input, policies, semantics, { mmapLock: options.mmapLock });
  let found = false;
  for (const { policy, findings } of result.results) {
    found ||= findings.length > 0;
    const report = { findings, input: result.info, policy, semantics };
    if (format === 'json') {
      // One policy: the report object, indented; several: one object per line.
      process.stdout.write(policies.length > 1 ? `${JSON.stringify(formatJsonReport(report))}\n` : `${renderJsonReport(report)}\n`);
    } else {
      process.stdout.write(formatTextReport(report));
    }
  }
  return found ? EXIT_FINDINGS : EXIT_CLEAN;
}
