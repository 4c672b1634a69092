// `faultline gen`: write a deterministic synthetic trace with planted deadlocks (benchmarks,
// scale tests): `faultline gen --events 100000000 -o - | faultline check -`.
import type { Command } from 'commander';
import { DEFAULT_GEN_OPTIONS } from '../gen/gen-options.js';
import { runCommand } from './run-command.js';

export interface GenCommandOptions {
  events: string; tasks: string; locks: string; depth: string; window: string; abba: string; abc: string; aa: string;
  dio?: boolean; seed: string; batch: string; output: string;
}

export function addGenCommand(program: Command): void {
  const d = DEFAULT_GEN_OPTIONS;
  program
    .command('gen')
    .description('write a synthetic lock trace with planted AB/BA, ABC and AA deadlocks (known findings)')
    .requiredOption('-o, --output <file>', 'output .pb trace (.pb.gz: gzip level 1), or - for stdout')
    .option('--events <n>', 'events in the trace', String(d.events))
    .option('--tasks <n>', 'worker tasks', String(d.tasks))
    .option('--locks <n>', 'locks in the shared pool (taken in one global order)', String(d.locks))
    .option('--depth <n>', 'most pool locks held at once', String(d.depth))
    .option('--window <n>', 'each nested lock at most n past the one before (0: anywhere after it)', String(d.window))
    .option('--abba <k>', 'planted AB/BA inversions', String(d.abba))
    .option('--abc <k>', 'planted three-lock cycles', String(d.abc))
    .option('--aa <k>', 'planted recursive acquisitions', String(d.aa))
    .option('--dio', 'mix in DIO writes, file faults and page-cache adds (no conflicts)')
    .option('--seed <n>', 'PRNG seed', String(d.seed))
    .option('--batch <n>', 'events per batch record', String(d.batchSize))
    .addHelpText('after', `
A check of the trace finds exactly the planted cases: --aa findings of kind aa and
--abba + --abc findings of kind order-inversion, under every policy and semantics.

Examples:
  $ faultline gen --events 10000000 -o big.pb && faultline check big.pb
  $ faultline gen --events 100000000 -o - | faultline check -
  $ faultline gen --events 1000000 --tasks 64 --locks 10000 --window 400 --abba 3 --abc 0 --aa 0 -o many.pb`)
    .action((options: GenCommandOptions) =>
      runCommand(async () => (await import('./run-gen.js')).runGen(options)));
}
