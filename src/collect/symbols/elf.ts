// The symbols and loadable segments of a 64-bit little-endian ELF file (x86-64), from its
// section headers: .symtab when present (not stripped), else .dynsym, and its GNU build-id
// (PT_NOTE). Enough to name functions and global variables; no DWARF, no demangling.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

export interface ElfSymbol {
  readonly name: string;
  /** Link-time address (st_value). */
  readonly value: bigint;
  readonly size: bigint;
}

export interface ElfImage {
  /** ET_DYN objects (PIE executables, shared libraries) are loaded at a bias; ET_EXEC are not. */
  readonly relocatable: boolean;
  /** PT_LOAD segments' [vaddr, vaddr + memsz) and file offset. */
  readonly loads: readonly { readonly vaddr: bigint; readonly memsz: bigint; readonly offset: bigint }[];
  /** Functions and objects with a size, sorted by value. */
  readonly symbols: readonly ElfSymbol[];
  /** The NT_GNU_BUILD_ID note, in hex; undefined when the object has none. */
  readonly buildId?: string;
}

const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const PT_LOAD = 1;
const PT_NOTE = 4;
const NT_GNU_BUILD_ID = 3;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const ET_DYN = 3;

// Reads `path`; undefined when it is not a readable 64-bit little-endian ELF file.
export function readElfImage(path: string): ElfImage | undefined {
  if (!isElf64(path)) return undefined;
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return undefined;
  }
  if (buf.length < 64) return undefined;
  const type = buf.readUInt16LE(16);
  const phoff = Number(buf.readBigUInt64LE(32));
  const shoff = Number(buf.readBigUInt64LE(40));
  const phentsize = buf.readUInt16LE(54);
  const phnum = buf.readUInt16LE(56);
  const shentsize = buf.readUInt16LE(58);
  const shnum = buf.readUInt16LE(60);

  const loads: { vaddr: bigint; memsz: bigint; offset: bigint }[] = [];
  let buildId: string | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 56 > buf.length) continue;
    if (buf.readUInt32LE(at) === PT_NOTE) {
      buildId ??= gnuBuildId(buf, Number(buf.readBigUInt64LE(at + 8)), Number(buf.readBigUInt64LE(at + 32)));
      continue;
    }
    if (buf.readUInt32LE(at) !== PT_LOAD) continue;
    loads.push({ offset: buf.readBigUInt64LE(at + 8), vaddr: buf.readBigUInt64LE(at + 16), memsz: buf.readBigUInt64LE(at + 40) });
  }

  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    if (at + 64 > buf.length) break;
    sections.push({
      type: buf.readUInt32LE(at + 4),
      offset: Number(buf.readBigUInt64LE(at + 24)),
      size: Number(buf.readBigUInt64LE(at + 32)),
      link: buf.readUInt32LE(at + 40),
      entsize: Number(buf.readBigUInt64LE(at + 56)),
    });
  }
  const table = sections.find((s) => s.type === SHT_SYMTAB) ?? sections.find((s) => s.type === SHT_DYNSYM);
  const symbols: ElfSymbol[] = [];
  const strings = table === undefined ? undefined : sections[table.link];
  if (table !== undefined && strings !== undefined && table.entsize >= 24) {
    for (let at = table.offset; at + 24 <= table.offset + table.size && at + 24 <= buf.length; at += table.entsize) {
      const kind = buf[at + 4] & 0xf;
      const size = buf.readBigUInt64LE(at + 16);
      if ((kind !== STT_FUNC && kind !== STT_OBJECT) || size === 0n) continue;
      const nameAt = strings.offset + buf.readUInt32LE(at);
      const nameEnd = buf.indexOf(0, nameAt);
      if (nameEnd < 0) continue;
      symbols.push({ name: buf.toString('latin1', nameAt, nameEnd), value: buf.readBigUInt64LE(at + 8), size });
    }
  }
  symbols.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { relocatable: type === ET_DYN, loads, symbols, ...(buildId === undefined ? {} : { buildId }) };
}

// The GNU build-id among the notes in buf[offset, offset + size), in hex.
function gnuBuildId(buf: Buffer, offset: number, size: number): string | undefined {
  const end = Math.min(buf.length, offset + size);
  const align4 = (n: number): number => (n + 3) & ~3;
  for (let at = offset; at + 12 <= end;) {
    const nameSize = buf.readUInt32LE(at);
    const descSize = buf.readUInt32LE(at + 4);
    const type = buf.readUInt32LE(at + 8);
    const name = at + 12;
    const desc = name + align4(nameSize);
    if (desc + descSize > end) return undefined;
    if (type === NT_GNU_BUILD_ID && nameSize === 4 && buf.toString('latin1', name, name + 3) === 'GNU') {
      return buf.toString('hex', desc, desc + descSize);
    }
    at = desc + align4(descSize);
  }
  return undefined;
}

// The symbol whose [value, value + size) holds `address` (a link-time address).
export function findElfSymbol(image: ElfImage, address: bigint): ElfSymbol | undefined {
  const symbols = image.symbols;
  let lo = 0;
  let hi = symbols.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (symbols[mid].value <= address) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Symbols may nest or overlap: look back a few for one that covers the address.
  for (let i = best; i >= 0 && i > best - 8; i--) {
    const s = symbols[i];
    if (address >= s.value && address < s.value + s.size) return s;
  }
  return undefined;
}

// Checks the identification bytes first, so that a large mapped data file is never read whole.
function isElf64(path: string): boolean {
  const ident = Buffer.alloc(6);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    if (readSync(fd, ident, 0, 6, 0) !== 6) return false;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return ident.readUInt32BE(0) === 0x7f454c46 && ident[4] === 2 && ident[5] === 1;
}
