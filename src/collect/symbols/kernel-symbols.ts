// The running kernel's symbols, from /proc/kallsyms (root sees the real addresses): the
// function an address lies in, its offset and size (up to the next symbol, as lockdep's
// `sym+0x53/0x90` counts it) and its module ("" for vmlinux).
import { readFileSync } from 'node:fs';

export interface KernelSymbol {
  readonly symbol: string;
  readonly offset: number;
  readonly size: number;
  /** The module the symbol is in; undefined for vmlinux. */
  readonly module?: string;
}

export interface KernelSymbols {
  /** The symbol covering `addr`, or undefined (outside the text, or kallsyms unreadable). */
  lookup(addr: bigint): KernelSymbol | undefined;
  /** Symbols read (0 when /proc/kallsyms gave none: not root, or kptr_restrict). */
  readonly count: number;
}

// Text symbols only (t, T, w, W): stack addresses are code.
const LINE = /^([0-9a-f]+) [tTwW] (\S+)(?:\t\[(\S+)\])?$/;

/** The symbols of a kallsyms text (parsing is separate from reading for tests). */
export function parseKallsyms(text: string): KernelSymbols {
  const addrs: bigint[] = [];
  const names: string[] = [];
  const modules: (string | undefined)[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const addr = BigInt(`0x${m[1]}`);
    if (addr === 0n) continue;
    addrs.push(addr);
    names.push(m[2]);
    modules.push(m[3]);
  }
  const order = addrs.map((_, i) => i).sort((a, b) => (addrs[a] < addrs[b] ? -1 : addrs[a] > addrs[b] ? 1 : 0));
  const sorted = order.map((i) => addrs[i]);
  return {
    count: sorted.length,
    lookup(addr) {
      let lo = 0;
      let hi = sorted.length - 1;
      let best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] <= addr) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      // Past the last symbol there is no telling where the text ends.
      if (best < 0 || best === sorted.length - 1) return undefined;
      const i = order[best];
      const module = modules[i];
      return {
        symbol: names[i],
        offset: Number(addr - sorted[best]),
        size: Number(sorted[best + 1] - sorted[best]),
        ...(module === undefined ? {} : { module }),
      };
    },
  };
}

/** The running kernel's symbols; none when /proc/kallsyms cannot be read. */
export function readKernelSymbols(path = '/proc/kallsyms'): KernelSymbols {
  try {
    return parseKallsyms(readFileSync(path, 'utf8'));
  } catch {
    return parseKallsyms('');
  }
}
