// A trace timestamp as ftrace prints it: seconds with nine decimals ("1234.567890123").

/** `ns` is nanoseconds on the trace clock; a non-negative integer that fits a number. */
export function formatTs(ns: number): string {
  const seconds = Math.floor(ns / 1e9);
  const rest = ns - seconds * 1e9;
  return `${seconds}.${String(rest).padStart(9, '0')}`;
}
