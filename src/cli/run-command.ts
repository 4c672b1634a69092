// The one place that turns expected failures into a one-line message and an exit code.
import { InputError, UsageError, EnvironmentError } from '../trace/errors.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL } from './exit-codes.js';

/**
 * Runs a command body; expected errors print one line and exit 2, bugs exit 3. A reader of
 * stdout that went away (`| head`) ends the command quietly, exit 0.
 */
export async function runCommand(body: () => Promise<number>): Promise<never> {
  process.stdout.on('error', (error) => {
    if (isBrokenPipe(error)) process.exit(0);
    process.stderr.write(`faultline: stdout: ${error.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  });
  let code: number;
  try {
    code = await body();
  } catch (error) {
    code = reportError(error);
  }
  await flushStdout();
  process.exit(code);
}

function reportError(error: unknown): number {
  if (error instanceof InputError || error instanceof UsageError || error instanceof EnvironmentError) {
    process.stderr.write(`faultline: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (isBrokenPipe(error)) return 0;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`faultline: internal error: ${message}\n`);
  if (process.env.FAULTLINE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT_INTERNAL;
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'EPIPE';
}

function flushStdout(): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.writableLength === 0) resolve();
    else process.stdout.write('', () => resolve());
  });
}
