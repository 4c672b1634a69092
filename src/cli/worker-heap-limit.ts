// The check worker's heap limit under an address-space limit (`ulimit -v`). V8 sizes its heap from
// the machine's memory (4 GiB here), not from that limit, so a large replay under a 2 GiB cap runs
// out of addresses with a quarter of its heap unused, and the heap grows lazily up to its limit
// before it collects hard. Half the address space for the heap leaves the rest to code, stacks,
// typed arrays and the .pb decoder; a --max-old-space-size of the user's wins.

/** The share of an address-space limit the worker's old generation may take. */
export const HEAP_SHARE_OF_ADDRESS_SPACE = 0.5;

/**
 * The old-generation limit (MiB) for a worker, given the text of /proc/self/limits and the
 * process's flags (NODE_OPTIONS and execArgv); undefined when the address space is not limited
 * or the flags set the heap's size.
 */
export function workerHeapLimitMb(limits: string, flags: string): number | undefined {
  if (/--max-old-space-size\b/.test(flags)) return undefined;
  const line = /^Max address space\s+(\S+)/m.exec(limits);
  if (line === null || line[1] === 'unlimited') return undefined;
  const bytes = Number(line[1]);
  if (!Number.isFinite(bytes) || bytes <= 0) return undefined;
  return Math.max(64, Math.floor((bytes * HEAP_SHARE_OF_ADDRESS_SPACE) / 2 ** 20));
}
