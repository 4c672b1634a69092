// The body of `faultline gen`, loaded only when gen runs.
import { checkGenOptions, expectedFindings, type GenOptions } from '../gen/gen-options.js';
import { writeGeneratedTrace } from '../gen/write-generated-trace.js';
import { UsageError } from '../trace/errors.js';
import { EXIT_CLEAN } from './exit-codes.js';
import type { GenCommandOptions } from './gen-command.js';
import { writeReplacing } from './write-replacing.js';

function count(name: string, value: string): number {
  const number = Number(value.replace(/_/g, ''));
  if (!/^[0-9_]+$/.test(value) || !Number.isSafeInteger(number)) throw new UsageError(`--${name}: expected an integer, got "${value}"`);
  return number;
}

/** Writes the trace; to a file, says on stderr how many findings a check of it must give. */
export async function runGen(options: GenCommandOptions): Promise<number> {
  const genOptions: GenOptions = checkGenOptions({
    events: count('events', options.events), tasks: count('tasks', options.tasks), locks: count('locks', options.locks),
    depth: count('depth', options.depth), window: count('window', options.window), abba: count('abba', options.abba), abc: count('abc', options.abc),
    aa: count('aa', options.aa), dio: options.dio === true, seed: count('seed', options.seed),
    batchSize: count('batch', options.batch),
  });
  const footer = await writeReplacing(options.output, (out) => writeGeneratedTrace(genOptions, out));
  if (options.output !== '-') {
    const expected = expectedFindings(genOptions);
    process.stderr.write(`faultline: wrote ${footer.events} events to ${options.output} (expect ${expected.aa} aa, ${expected['order-inversion']} order-inversion)\n`);
  }
  return EXIT_CLEAN;
}
