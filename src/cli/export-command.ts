// `faultline export <trace> --to perfetto|chrome-json|dot`: the trace for the viewers people use.
import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export interface ExportOptions {
  to?: string; output: string; policy: string; semantics: string; from?: string; cycles?: boolean; mmapLock?: boolean;
}

export function addExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a trace for Perfetto, chrome://tracing or Graphviz')
    .argument('<trace>', 'trace file (.pb, ftrace text, jsonl, std) or - for stdin')
    .requiredOption('--to <format>', 'perfetto (TrackEvent protobuf), chrome-json (Trace Event Format) or dot (lock-order graph)')
    .option('-o, --output <file>', 'where to write, - for stdout', '-')
    .option('--policy <name>', 'the policy whose synthetic locks are shown: naive, fdm, fdm-ordered, mainline', 'mainline')
    .option('--semantics <s>', 'predictive or lockdep, for the findings', 'predictive')
    .option('--cycles', 'dot: only the locks and edges of findings')
    .option('--mmap-lock', 'also model mmap_lock (the mm rwsem) from mmap_lock:* events')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .addHelpText('after', `
perfetto: a track per task, grouped by process; held locks and DIOs on child tracks of their task,
waits as slices, faults as instants, each finding as a flow between the tasks of its cycle.
dot: a node per lock, an edge per held → requested pair with its modes and tasks; findings in red.

Examples:
  $ faultline export traces/s2-abba-apart.pb --to perfetto --policy fdm -o abba.pftrace
  $ faultline export trace.pb --to dot --cycles | dot -Tsvg -o cycles.svg`)
    .action((trace: string, options: ExportOptions) =>
      runCommand(async () => (await import('./run-export.js')).runExport(trace, options)));
}
