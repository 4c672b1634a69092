// The one place that turns expected failures into a one-line message and an exit code.
import { InputError, UsageError, EnvironmentError } from '../trace/errors.js';
import { printableText } from '../trace/printable-text.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL } from './exit-codes.js';

/**
 * Runs a command body; expected errors print one line and exit 2, bugs exit 3. A reader of
 * stdout that went away (`| head`) ends the command quietly, exit 0; any other failed write to
 * stdout (a full disk, /dev/full) is one line and exit 2, whatever the body returned.
 */
export async function runCommand(body: () => Promise<number>): Promise<never> {
  process.stdout.on('error', (error) => {
    if (isBrokenPipe(error)) process.exit(0);
    process.stderr.write(`faultline: stdout: cannot write: ${printableText(error.message)}\n`);
    process.exit(EXIT_BAD_INPUT);
  });
  let code: number;
  try {
    code = await body();
  } catch (error) {
    code = reportError(error);
  }
  const failure = await flushStdout();
  if (failure !== undefined) {
    if (isBrokenPipe(failure)) process.exit(0);
    process.stderr.write(`faultline: stdout: cannot write: ${printableText(failure.message)}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.exit(code);
}

function reportError(error: unknown): number {
  if (error instanceof InputError || error instanceof UsageError || error instanceof EnvironmentError) {
    process.stderr.write(`faultline: ${printableText(error.message)}\n`);
    return EXIT_BAD_INPUT;
  }
  if (isBrokenPipe(error)) return 0;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`faultline: internal error: ${printableText(message)}\n`);
  if (process.env.FAULTLINE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT_INTERNAL;
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'EPIPE';
}

// Waits for stdout to take every byte written; the error of a write that failed, if any (a
// file's writes are synchronous and report their error a tick later, after the body returned).
function flushStdout(): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const failed = (): Error | undefined => process.stdout.errored ?? undefined;
    if (failed() !== undefined || process.stdout.destroyed) resolve(failed() ?? new Error('stdout closed'));
    else process.stdout.write('', (error) => resolve(error ?? failed()));
  });
}
