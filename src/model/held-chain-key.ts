// The chain key of a task's held locks (lockdep's idea: kernel/locking/lockdep.c keeps a 64-bit
// hash of the held classes to cache "this lock chain was validated"): a 64-bit value, kept as two
// 32-bit halves, that depends only on the multiset of (detector key, mode) held. Each hold adds
// its own hash, each release subtracts it (mod 2^32), so the key is updated in O(1) and is the
// same whatever order the locks were taken in.

/** First half of the hash of holding `key` in mode code `mode`. */
export function holdHashLo(key: number, mode: number): number {
  return mix((key << 3) | mode, 0x9e3779b9);
}

/** Second half, an independent hash of the same hold. */
export function holdHashHi(key: number, mode: number): number {
  return mix((key << 3) | mode, 0x85ebca6b);
}

// murmur3's 32-bit finaliser over the value xor a seed.
function mix(value: number, seed: number): number {
  let h = value ^ seed;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
