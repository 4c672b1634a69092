// /proc/PID/maps lines, read for symbolizing user addresses.
//   start-end perms offset dev inode path     (addresses and offset in hex)

export interface MapsEntry {
  readonly start: bigint;
  readonly end: bigint;
  readonly offset: bigint;
  readonly perms: string;
  /** The mapped file's path, '' for anonymous memory, "[heap]" and the like for special ones. */
  readonly path: string;
}

// The entries of a maps text; malformed lines are left out.
export function parseProcMaps(text: string): MapsEntry[] {
  const entries: MapsEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) \S+ \d+\s*(.*)$/.exec(line);
    if (m === null) continue;
    entries.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perms: m[3], offset: BigInt(`0x${m[4]}`), path: m[5] });
  }
  return entries;
}
