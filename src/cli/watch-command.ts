// `faultline watch [TRACE|-]` and `faultline watch --live [-- CMD]`: the Ink dashboard on a paced
// replay or on a recording as it is made; plain status lines when stdout is not a terminal.
// Exit status as `check`: 0 clean, 1 findings (under the policy shown last), 2 bad input or usage.
import type { Command } from 'commander';
import { addReplayOptions, type ReplayCliOptions } from './replay-options.js';
import { runCommand } from './run-command.js';

export interface WatchCliOptions extends ReplayCliOptions {
  speed: string;
  paused?: boolean;
  from?: string;
  live?: boolean;
  collector: string[];
  pid?: string;
  comm?: string;
  output?: string;
  duration?: string;
  stacks?: boolean;
  nice?: string;
}

/** The fastest --speed but max: the recorded pace × this. */
export const MAX_SPEED = 1024;

export function addWatchCommand(program: Command): void {
  const watch = program
    .command('watch')
    .description('the terminal dashboard: replay a trace at its recorded pace, or record and watch live')
    .usage('[options] [TRACE|-]\n       faultline watch --live [options] [-- CMD ARGS...]')
    .argument('[args...]', 'the trace (.pb, ftrace text, jsonl, std) or - for stdin; with --live, after --: a command to run')
    .option('--policy <name>', 'naive, fdm, fdm-ordered or mainline (p switches on the dashboard)', 'mainline');
  addReplayOptions(watch)
    .option('--speed <n>', `recorded pace × n (up to ${MAX_SPEED}; below 1 is slow motion), or max`, '1')
    .option('--paused', 'start paused (space resumes)')
    .option('--from <format>', 'input format, instead of recognising it: pb, ftrace, jsonl, std')
    .option('--live', 'record now and watch (root; the options of faultline record)')
    .option('--collector <name>', 'with --live: ftrace (default), bpftrace or pthread; repeatable',
      (value: string, previous: string[]) => [...previous, value], [])
    .option('-p, --pid <n>', 'with --live: trace this process and what it forks')
    .option('--comm <name>', 'with --live: trace tasks with this command name')
    .option('-o, --output <file>', 'with --live: also write the recording to this trace file')
    .option('--duration <seconds>', 'with --live: stop recording after this many seconds')
    .option('--stacks', 'with --live: bpftrace/pthread record stacks (as faultline record --stacks)')
    .option('--nice <n>', 'with --live: nice value of faultline while recording (as faultline record --nice)')
    .addHelpText('after', `
Keys: space pause, +/- speed, p next policy, up/down select a finding, enter its
report, esc back, pgup/pgdn scroll tasks, ? all keys, q quit.

Events denser than a frame (a sample of microseconds at ×1) are stepped through
one a frame, holding the replay back at most 2 s behind its recorded pace.
p replays a trace file from its start under the next policy. stdin and --live are
read once: they run every policy side by side and p switches which one is shown.
A live recording is not paced; q (or Ctrl-C) ends it and its trace gets its footer.
When stdout is not a terminal, watch prints a status line at most once a second,
each finding as it appears, and a summary; exit status as check (0, 1, 2, 4).

Examples:
  $ faultline watch traces/s2-abba-overlap.pb --policy naive
  $ faultline watch big.pb --speed max
  $ faultline watch traces/s1-aa.pb --speed 0.001 --paused
  $ sudo faultline watch --live --collector ftrace -o ab.pb -- ./ab
  $ ssh host sudo faultline record --comm fio -o - | faultline watch -`)
    // Ink, React and the recording code load only when watch runs, and Ink only on a terminal.
    .action((args: string[], options: WatchCliOptions) =>
      runCommand(async () => (await import('./run-watch.js')).runWatch(args, options)));
}
