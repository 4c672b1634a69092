// Which file each process has mapped where (from `mapping` events), for buffer provenance: a DIO
// whose user buffer lies in a mapping of file Y may fault on Y even when no fault event fires,
// because get_user_pages pins already-mapped pages silently (docs/design.md §7).
//
// Caveats: the trace has no munmap, so a range stays mapped until a newer mapping covers it;
// a forked child's inherited mappings are not known (only its own mmaps).
import type { Mapping } from '../trace/event.js';

/** A mapped range [start, end) of a process, from file (dev, ino) at byte `offset`. */
export interface MappedRange {
  readonly start: bigint;
  readonly end: bigint;
  readonly dev: number;
  readonly ino: number;
  readonly offset: number;
}

export interface MappingTable {
  /** Records a mapping of process `pid`; older ranges it covers entirely are dropped. */
  add(pid: number, mapping: Mapping): void;
  /** The newest mapping of `pid` that contains `address`, if any. */
  at(pid: number, address: bigint): MappedRange | undefined;
}

export function createMappingTable(): MappingTable {
  const byPid = new Map<number, MappedRange[]>();
  return {
    add(pid, m) {
      const range: MappedRange = { start: m.start, end: m.start + BigInt(m.len), dev: m.dev, ino: m.ino, offset: m.offset };
      const ranges = (byPid.get(pid) ?? []).filter((r) => r.start < range.start || r.end > range.end);
      ranges.push(range);
      byPid.set(pid, ranges);
    },
    at(pid, address) {
      const ranges = byPid.get(pid);
      if (ranges === undefined) return undefined;
      for (let i = ranges.length - 1; i >= 0; i--) {
        const r = ranges[i];
        if (address >= r.start && address < r.end) return r;
      }
      return undefined;
    },
  };
}
