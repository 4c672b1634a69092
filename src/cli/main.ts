// faultline's command line: one subcommand per file; usage errors exit 2. A subcommand's file
// declares only its options and help; its body (run-<name>.ts, with the reader, replay, collectors
// or dashboard it needs) is imported when it runs, so --help and each command load no other's code.
import { Command, CommanderError } from 'commander';
import { addCheckCommand } from './check-command.js';
import { addConvertCommand } from './convert-command.js';
import { addExportCommand } from './export-command.js';
import { addGenCommand } from './gen-command.js';
import { addShowCommand } from './show-command.js';
import { addRecordCommand } from './record-command.js';
import { addWatchCommand } from './watch-command.js';
import { addCompletionCommand } from './completion-command.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';

/** Builds the program; exported for tests of --help. */
export function buildProgram(): Command {
  const program = new Command('faultline')
    .description('find AA and AB/BA deadlocks in lock, page-fault and O_DIRECT traces of a Linux kernel')
    .version('0.1.0')
    .exitOverride();
  configureUsageErrors(program);
  addCheckCommand(program);
  addShowCommand(program);
  addConvertCommand(program);
  addExportCommand(program);
  addGenCommand(program);
  addRecordCommand(program);
  addWatchCommand(program);
  addCompletionCommand(program);
  // A usage error is its line, commander's "Did you mean …?" and where to read more, not the help.
  program.showHelpAfterError('hint: see faultline --help');
  for (const command of program.commands) command.showHelpAfterError(`hint: see faultline ${command.name()} --help`);
  program.addHelpText('after', `
Examples:
  $ faultline check traces/s1-aa.pb --policy naive
  $ sudo faultline record --collector ftrace -o ab.pb -- ./ab
  $ faultline show ab.pb --events | less
  $ faultline export ab.pb --to perfetto -o ab.pftrace
  $ faultline check ab.pb --format sarif -o faultline.sarif --fail-on all`);
  return program;
}

// Commander's usage error as one line ("faultline: unknown option '--x'"), its suggestion moved onto
// the hint line that follows: "hint: Did you mean check? see faultline --help". Subcommands made
// after this inherit it.
function configureUsageErrors(program: Command): void {
  let suggestion = '';
  program.configureOutput({
    outputError: (text, write) => {
      const match = /\n\((Did you mean [^)]*\?)\)/.exec(text);
      suggestion = match === null ? '' : `${match[1]} `;
      write(text.replace(/\n\(Did you mean [^)]*\)/, '').replace(/^error: /, 'faultline: '));
    },
    writeErr: (text) => {
      process.stderr.write(text.startsWith('hint: ') ? `hint: ${suggestion}${text.slice('hint: '.length)}` : text);
    },
  });
}

/** Runs the command line; usage errors exit 2, --help and --version exit 0. */
export function main(argv: readonly string[]): void {
  const program = buildProgram();
  program.parseAsync([...argv]).catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
    }
    throw error;
  });
}
