// The bigint of a 64-bit hex value read from bytes: the digits are read into two 32-bit halves
// and recent values are kept, as a task's mm, a contended lock or a faulting instruction come
// again and again (BigInt('0x…') costs more than the rest of a line's fields).

// Kept values, direct-mapped by their halves.
const SLOTS = 64;
const his = new Uint32Array(SLOTS);
const los = new Uint32Array(SLOTS);
const values: bigint[] = new Array<bigint>(SLOTS).fill(0n);
const TWO_32 = 2 ** 32;
// Values below 2^53 are made from one number.
const MAX_EXACT_HI = 2 ** 21;

/** The value of the hex digits bytes[start, end) (of either case, checked by the caller); `text` holds the same characters. */
export function hexBigint(bytes: Uint8Array, text: string, start: number, end: number): bigint {
  if (end - start > 16) return BigInt(`0x${text.slice(start, end)}`);
  let hi = 0;
  let lo = 0;
  for (let i = start; i < end; i++) {
    const code = bytes[i] | 0x20;
    hi = hi * 16 + (lo >>> 28);
    lo = ((lo << 4) | (code <= 0x39 ? code - 0x30 : code - 0x57)) >>> 0;
  }
  const slot = (lo ^ hi) & (SLOTS - 1);
  if (los[slot] === lo && his[slot] === hi) return values[slot];
  const value = hi < MAX_EXACT_HI ? BigInt(hi * TWO_32 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
  his[slot] = hi;
  los[slot] = lo;
  values[slot] = value;
  return value;
}
