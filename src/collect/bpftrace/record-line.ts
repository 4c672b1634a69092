// The positional form every collectors/*.bt event is printed in:
//   NSECS TID PID CPU CODE COMM FIELD...\n[stack lines]
// COMM may hold spaces, so a reader takes CODE's fixed number of FIELDs from the end of the
// first line. Stack lines (kstack/ustack in perf form) are "\t<hex address> <symbol>...".

/** A parsed event line; `fields` are the raw tokens after COMM. */
export interface BpftraceRecord {
  readonly ts: number;
  readonly tid: number;
  readonly pid: number;
  readonly cpu: number;
  readonly code: string;
  readonly comm: string;
  readonly fields: readonly string[];
  readonly stack?: readonly bigint[];
}

// A FIELD: a decimal number (maybe negative) or hex digits.
const FIELD = /^-?[0-9a-f]+$/i;

// Splits a printf record; undefined when it is not an event line of a code in `fieldCounts`.
export function parseBpftraceRecord(data: string, fieldCounts: Readonly<Record<string, number>>): BpftraceRecord | undefined {
  const newline = data.indexOf('\n');
  const line = newline < 0 ? data : data.slice(0, newline);
  const tokens = line.split(' ');
  if (tokens.length < 6) return undefined;
  const code = tokens[4];
  const count = fieldCounts[code];
  // COMM is at least one token (an empty comm is an empty token).
  if (count === undefined || tokens.length < 6 + count) return undefined;
  const ts = Number(tokens[0]);
  const tid = Number(tokens[1]);
  const pid = Number(tokens[2]);
  const cpu = Number(tokens[3]);
  if (!Number.isSafeInteger(ts) || !Number.isInteger(tid) || !Number.isInteger(pid) || !Number.isInteger(cpu)) return undefined;
  const commEnd = tokens.length - count;
  for (let i = commEnd; i < tokens.length; i++) if (!FIELD.test(tokens[i])) return undefined;
  const record = { ts, tid, pid, cpu, code, comm: tokens.slice(5, commEnd).join(' '), fields: tokens.slice(commEnd) };
  const stack = newline < 0 ? [] : parseStack(data.slice(newline + 1));
  return stack.length === 0 ? record : { ...record, stack };
}

// The addresses of a perf-form stack: the first token of each non-empty line.
export function parseStack(text: string): bigint[] {
  const stack: bigint[] = [];
  for (const line of text.split('\n')) {
    const token = line.trim().split(' ', 1)[0];
    if (/^(0x)?[0-9a-f]+$/i.test(token)) stack.push(BigInt(token.startsWith('0x') ? token : `0x${token}`));
  }
  return stack;
}

/** A hex field (no 0x) as an exact 64-bit value. */
export function hexField(token: string): bigint {
  return BigInt(`0x${token}`);
}
