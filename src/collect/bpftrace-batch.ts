// The event batches of a collector script: maps printed by the script instead of one printf
// per event (see "Batches" in collectors/kernel.bt).
//
// A batch is a map @CODE0 or @CODE1 (the script's two sides) whose entries are events of CODE:
// key "NSECS,TID", value [PID, CPU, COMM, FIELD...], the FIELDs of the printed form in the same
// order, as JSON numbers. JSON numbers are doubles: a FIELD above 2^53 arrives rounded, so a
// script batches no code with a kernel address (kernel.bt: B and E; B's buf is a user address).
// The script counts what it batched in BATCH_COUNT_MAP, printed at exit.

/** The count map: how many events the script put into batches (printed once, at exit). */
export const BATCH_COUNT_MAP = '@batched';

/** A batched event: what a printed record holds, FIELDs as numbers. */
export interface BpftraceBatchEntry {
  readonly ts: number;
  readonly tid: number;
  readonly pid: number;
  readonly cpu: number;
  readonly code: string;
  readonly comm: string;
  readonly values: readonly number[];
}

export interface BpftraceBatch {
  readonly entries: readonly BpftraceBatchEntry[];
  /** Entries that are not an event of the map's code. */
  readonly unreadable: number;
}

const BATCH_NAME = /^@([A-Za-z])[01]$/;

// The entries of map `name`; undefined when it is not a batch of a code in `fieldCounts`.
export function readBpftraceBatch(
  name: string,
  value: unknown,
  fieldCounts: Readonly<Record<string, number>>,
): BpftraceBatch | undefined {
  const code = BATCH_NAME.exec(name)?.[1];
  const count = code === undefined ? undefined : fieldCounts[code];
  if (code === undefined || count === undefined || typeof value !== 'object' || value === null) return undefined;
  const entries: BpftraceBatchEntry[] = [];
  let unreadable = 0;
  for (const key in value) {
    const entry = readEntry(code, count, key, (value as Record<string, unknown>)[key]);
    if (entry === undefined) unreadable++;
    else entries.push(entry);
  }
  return { entries, unreadable };
}

function readEntry(code: string, count: number, key: string, value: unknown): BpftraceBatchEntry | undefined {
  const comma = key.indexOf(',');
  if (comma < 0 || !Array.isArray(value) || value.length !== 3 + count) return undefined;
  const ts = Number(key.slice(0, comma));
  const tid = Number(key.slice(comma + 1));
  const [pid, cpu, comm] = value as unknown[];
  if (!Number.isSafeInteger(ts) || !Number.isSafeInteger(tid) || !Number.isSafeInteger(pid) || !Number.isSafeInteger(cpu)
    || typeof comm !== 'string') {
    return undefined;
  }
  const values = value.slice(3) as unknown[];
  for (const field of values) if (!Number.isInteger(field)) return undefined;
  return { ts, tid, pid: pid as number, cpu: cpu as number, code, comm, values: values as number[] };
}
