// An event that cannot be represented as a TraceEvent (bad JSON, an unknown kind or enum value).
// Readers turn it into a skipped line or record; it never aborts a whole input.

/** One event could not be read; `message` is the skip reason. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}
