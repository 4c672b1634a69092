// `faultline record`: attach collectors to the running kernel and write a .pb trace; a progress
// line on stderr when it is a terminal; SIGINT/SIGTERM end the recording with a footer.
import { Option, type Command } from 'commander';
import { DEFAULT_RECORD_NICE } from '../collect/priority.js';
import { runCommand } from './run-command.js';

export interface RecordCliOptions {
  collector: string[];
  pid?: string[];
  comm?: string;
  duration?: string;
  stacks?: boolean;
  output?: string;
  nice: string;
}

export function addRecordCommand(program: Command): void {
  program
    .command('record')
    .description('record lock, page-fault and O_DIRECT events from the running kernel (root)')
    .argument('[command...]', 'after --: a command to start once the probes are attached; its whole process tree is traced')
    .addOption(new Option('--collector <name>', 'ftrace (tracefs, lowest overhead), bpftrace (kernel.bt) or pthread (libc locks); repeatable')
      .argParser(appendValue).default([], 'ftrace'))
    .addOption(new Option('-p, --pid <n>', 'trace this process: every thread it has and every task it creates from now on (a thread id names its process); repeatable, or ids separated by commas, up to 8')
      .argParser(appendValue))
    .option('--comm <name>', 'trace tasks with this command name (up to 15 characters of [A-Za-z0-9_.-])')
    .option('--duration <seconds>', 'stop after this many seconds')
    .option('--stacks', 'record stacks with the events, stored once with their symbols (ftrace: kernel and user stacks of every event; bpftrace: kernel stacks, pthread: user stacks, of those that take or wait for something)')
    .option('-o, --output <file>', 'the trace file, or - for stdout (default: faultline-YYYYMMDD-HHMMSS.pb)')
    .option('--nice <n>', 'nice value of faultline itself while recording (0-19, 0: unchanged): the workload keeps more CPU, faultline may fall behind; the command and bpftrace keep theirs',
      String(DEFAULT_RECORD_NICE))
    .addHelpText('after', `
Without --pid, --comm or a command, every task is traced (except faultline itself).
The recording ends when the command exits, after --duration, or on Ctrl-C (SIGINT) or
SIGTERM; the trace always gets its footer. A trace cut short (SIGKILL, a full disk) is
readable up to its last whole batch, and reported as incomplete. The command's exit status
is printed; faultline record exits 0 once the trace is written, 2 when the machine lacks
something (root, bpftrace, tracefs) or the options are wrong.
ftrace and bpftrace record the same kernel events: pick one of them, plus pthread if the
program's own locks matter. A tracepoint this kernel lacks is left out, said on stderr and
noted in the trace header (meta "missing").

Examples:
  $ sudo faultline record --collector ftrace -o ab.pb -- ./ab
  $ faultline check ab.pb --policy fdm
  $ sudo faultline record --collector pthread --collector ftrace -o app.pb -- ./app --threads 4
  $ sudo faultline record --pid 4242 --duration 30 -o db.pb
  $ ssh host sudo faultline record --comm fio -o - | faultline watch -`)
    // The collectors (execa, tracefs, bpftrace) load only when record runs.
    .action((command: string[], options: RecordCliOptions) =>
      runCommand(async () => (await import('./run-record.js')).runRecord(command, options)));
}

// A repeatable option's values, in order.
function appendValue(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
