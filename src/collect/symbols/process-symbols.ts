// Names user addresses of one process (functions, global variables) from a snapshot of its
// /proc/PID/maps and the ELF symbols of the objects mapped there.
//
// An object's load bias is the start of its lowest mapping minus the page-aligned address
// of its lowest PT_LOAD; a symbol's address is bias + st_value. An address also belongs to
// an object when it falls in the object's .bss beyond its file-backed pages.
import { readFileSync } from 'node:fs';
import { findElfSymbol, readElfImage, type ElfImage, type ElfSymbol } from './elf.js';
import { parseProcMaps, type MapsEntry } from './maps-lines.js';

export interface UserSymbol {
  readonly name: string;
  /** address - symbol address, in bytes. */
  readonly offset: bigint;
  /** The object's path. */
  readonly object: string;
}

/** Where a user address is: its object, the address in the object's own terms, its symbol. */
export interface UserLocation {
  readonly object: string;
  readonly buildId?: string;
  /** The link-time address (what addr2line and the symbol table speak of). */
  readonly linkAddress: bigint;
  readonly symbol?: ElfSymbol;
}

export interface ProcessSymbolizer {
  symbolize(address: bigint): UserSymbol | undefined;
  /** The mapped object holding `address`, or undefined (anonymous memory, unreadable object). */
  locate(address: bigint): UserLocation | undefined;
}

interface LoadedObject {
  readonly path: string;
  readonly image: ElfImage;
  readonly bias: bigint;
  readonly low: bigint;
  readonly high: bigint;
}

const PAGE_MASK = ~0xfffn;

// A symbolizer over a maps text; `readImage` is injectable for tests of odd files.
export function createProcessSymbolizer(
  mapsText: string,
  readImage: (path: string) => ElfImage | undefined = readElfImage,
): ProcessSymbolizer {
  const objects = loadObjects(parseProcMaps(mapsText), readImage);
  const locate = (address: bigint): UserLocation | undefined => {
    const object = objects.find((o) => address >= o.low && address < o.high);
    if (object === undefined) return undefined;
    const linkAddress = address - object.bias;
    const symbol = findElfSymbol(object.image, linkAddress);
    const { buildId } = object.image;
    return { object: object.path, linkAddress, ...(buildId === undefined ? {} : { buildId }), ...(symbol === undefined ? {} : { symbol }) };
  };
  return {
    locate,
    symbolize(address) {
      const at = locate(address);
      if (at?.symbol === undefined) return undefined;
      return { name: at.symbol.name, offset: at.linkAddress - at.symbol.value, object: at.object };
    },
  };
}

// The symbolizer of a live process; undefined when its maps cannot be read (it has exited).
export function snapshotProcessSymbolizer(pid: number): ProcessSymbolizer | undefined {
  try {
    return createProcessSymbolizer(readFileSync(`/proc/${pid}/maps`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** "name+0xoff (object)" as in a stack trace. */
export function formatUserSymbol(symbol: UserSymbol): string {
  return `${symbol.name}+0x${symbol.offset.toString(16)} (${symbol.object})`;
}

function loadObjects(entries: readonly MapsEntry[], readImage: (path: string) => ElfImage | undefined): LoadedObject[] {
  const lowest = new Map<string, bigint>();
  for (const e of entries) {
    if (!e.path.startsWith('/')) continue;
    const seen = lowest.get(e.path);
    if (seen === undefined || e.start < seen) lowest.set(e.path, e.start);
  }
  const objects: LoadedObject[] = [];
  for (const [path, start] of lowest) {
    const image = readImage(path);
    if (image === undefined || image.loads.length === 0) continue;
    const firstVaddr = image.loads.reduce((m, l) => (l.vaddr < m ? l.vaddr : m), image.loads[0].vaddr) & PAGE_MASK;
    const bias = image.relocatable ? start - firstVaddr : 0n;
    const highVaddr = image.loads.reduce((m, l) => (l.vaddr + l.memsz > m ? l.vaddr + l.memsz : m), 0n);
    objects.push({ path, image, bias, low: bias + firstVaddr, high: bias + highVaddr });
  }
  return objects;
}
