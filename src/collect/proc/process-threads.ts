// The threads of traced processes, for tracers that filter by thread id (tracefs set_event_pid):
// those that exist at the attach, read from /proc/PID/task, and those created while it happens.
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

/** Rounds of re-reading /proc after the attach; a round that finds nothing new ends it. */
const FOLLOW_ROUNDS = 20;

// The thread ids of `pids` (a process that has exited has none).
export function threadsOf(pids: readonly number[], procRoot = '/proc'): number[] {
  return pids.flatMap((pid) => {
    try {
      return readdirSync(`${procRoot}/${pid}/task`).map(Number).filter((tid) => Number.isSafeInteger(tid));
    } catch {
      return [];
    }
  });
}

// Appends to the instance's set_event_pid the threads of `pids` that are not among `written`
// (created while it was written, by threads not yet in it; later ones are followed by
// event-fork), until a read finds none; resolves to the threads it added.
export async function followNewThreads(
  instancePath: string, pids: readonly number[], written: readonly number[], procRoot = '/proc',
): Promise<number[]> {
  const known = new Set(written);
  const added: number[] = [];
  for (let round = 0; round < FOLLOW_ROUNDS; round++) {
    const fresh = threadsOf(pids, procRoot).filter((tid) => !known.has(tid));
    if (fresh.length === 0) return added;
    added.push(...fresh);
    for (const tid of fresh) known.add(tid);
    await writeFile(`${instancePath}/set_event_pid`, fresh.join(' '), { flag: 'a' });
  }
  return added;
}
