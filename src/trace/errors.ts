// Expected failures: named errors that carry `cause` and say "expected X, got Y".
// Only cli/ catches them and maps them to a message and an exit code.

/** The input cannot be read as a trace (exit 2). `file` names it in the one-line message. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
  }
}

/** A command was called wrongly (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The machine lacks something a command needs: root, bpftrace, tracefs (exit 2). */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}
