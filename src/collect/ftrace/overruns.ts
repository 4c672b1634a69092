// Events a tracefs ring buffer lost: the sum of the "overrun:" lines of per_cpu/cpu*/stats.
import { readdir, readFile } from 'node:fs/promises';

const OVERRUN = /^overrun: (\d+)$/m;

/** Overwritten events over all CPUs of the instance (or top-level tracefs) at `dir`. */
export async function readOverruns(dir: string): Promise<number> {
  const cpus = (await readdir(`${dir}/per_cpu`)).filter((name) => /^cpu\d+$/.test(name));
  let total = 0;
  for (const cpu of cpus) total += parseOverrun(await readFile(`${dir}/per_cpu/${cpu}/stats`, 'utf8'));
  return total;
}

/** The "overrun:" count of one per_cpu stats file; 0 when the line is absent. */
export function parseOverrun(stats: string): number {
  const m = OVERRUN.exec(stats);
  return m === null ? 0 : Number(m[1]);
}
