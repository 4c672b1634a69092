// Hostile inputs of every kind the exit contract must hold against: .pb traces whose record
// lengths lie, gzip bombs (a header, then gigabytes of zeros), text traces behind a million blank
// lines, names holding terminal escapes. Built from the sample traces, cheaply: a gzip member of
// zeros is made once and repeated (gunzip reads concatenated members as one stream).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const repoFile = (path: string): string => new URL(`../../${path}`, import.meta.url).pathname;

/** The FLTRACE1 magic and the header record of a sample trace. */
export function pbHead(trace = 'traces/s1-aa.pb'): Buffer {
  const bytes = readFileSync(repoFile(trace));
  let at = 8;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++];
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  return bytes.subarray(0, at + length);
}

// One gzip member of 64 MiB of zeros (about 64 KiB).
let zerosMember: Buffer | undefined;
function zeros64MiB(): Buffer {
  zerosMember ??= gzipSync(Buffer.alloc(64 << 20), { level: 9 });
  return zerosMember;
}

/** A .pb.gz: a header, then `gib` GiB of zeros (each zero byte an empty record). */
export function zerosAfterHeaderGz(gib: number): Buffer {
  return Buffer.concat([gzipSync(pbHead()), ...Array.from({ length: gib * 16 }, zeros64MiB)]);
}

/** A .pb.gz: a header, then `records` records each claiming 256 MiB and holding it, in zeros. */
export function lyingRecordsGz(records: number): Buffer {
  const claim = gzipSync(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x01]));
  const parts: Uint8Array[] = [gzipSync(pbHead())];
  for (let i = 0; i < records; i++) parts.push(claim, ...Array.from({ length: 4 }, zeros64MiB));
  return Buffer.concat(parts);
}

/** A text trace behind `lines` blank lines. */
export function behindBlankLines(trace: string, lines: number): Buffer {
  return Buffer.concat([Buffer.alloc(lines, 0x0a), readFileSync(repoFile(trace))]);
}

/** A jsonl sample trace whose every comm is `comm`. */
export function jsonlWithComm(trace: string, comm: string): string {
  return readFileSync(repoFile(trace), 'utf8').replace(/"comm":"[^"]*"/g, `"comm":${JSON.stringify(comm)}`);
}
