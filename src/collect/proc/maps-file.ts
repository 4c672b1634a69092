// The file mapped at an address of a live process, from /proc/PID/maps: the mapping itself
// names its file, whatever the process did with the fd it mapped it from (closed, reused).
//
//   7f9e48573000-7f9e48599000 r--p 00000000 fe:00 339380    /usr/lib/x86_64-linux-gnu/libc.so.6
//   start-end perms offset major:minor(hex) inode path
import { readFileSync } from 'node:fs';
import { makeDev } from '../../trace/dev.js';
import type { FdFile } from '../ftrace/mmap-resolver.js';

const LINE = /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+)/;

/**
 * The file of the mapping in `maps` (a /proc/PID/maps text) that holds `address` at file
 * `offset`; undefined when none does (unmapped, anonymous, or since mapped from elsewhere).
 */
export function findMappedFile(maps: string, address: bigint, offset: number): FdFile | undefined {
  for (const line of maps.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const start = BigInt(`0x${m[1]}`);
    if (address < start || address >= BigInt(`0x${m[2]}`)) continue;
    const ino = Number(m[6]);
    const offsetHere = BigInt(`0x${m[3]}`) + (address - start);
    if (ino === 0 || offsetHere !== BigInt(offset)) return undefined;
    return { dev: makeDev(parseInt(m[4], 16), parseInt(m[5], 16)), ino };
  }
  return undefined;
}

/** findMappedFile on the live process `pid`; undefined when it is gone. */
export function mappedFileOf(pid: number, address: bigint, offset: number): FdFile | undefined {
  let maps: string;
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    return undefined;
  }
  return findMappedFile(maps, address, offset);
}
