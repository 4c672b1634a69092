// The variants of a lock pair by owner (clock epoch, or task when not thread-aware), for pairs
// with many variants (order-graph.ts indexes a pair once it has INDEX_MIN): a lookup then reads
// one 64-byte slot, which holds what the cover test needs of each (modes, gates' offset),
// instead of walking every variant of the pair. The pool shape (64 locks, 8 tasks) has ~23
// variants a pair, ~3 of each task; a walk of them all made its replay 1.5-1.75x slower. A slot
// holds up to INLINE variants; an owner with more is marked and its pair walked again.
// An open-addressing table in one Int32Array: (from, to, owner, count, (modes, gates) × INLINE),
// keyed by the pair's keys, so a covered edge is answered without looking its pair up.

/** Variants a pair has when it gets indexed. */
export const INDEX_MIN = 8;
/** Variants a slot holds; an owner with more has count INLINE + 1 (walk the pair). */
export const INLINE = 6;

const SLOT_BITS = 4;
const SLOT = 1 << SLOT_BITS;
const EMPTY = -1;

export interface VariantIndex {
  /** Index a variant of pair (from, to) made by `owner`, with its modes and gates' offset. */
  add(from: number, to: number, owner: number, modes: number, gates: number): void;
  /** The slot of (from, to, owner), or -1 when it has no variant (or its pair is not indexed). */
  find(from: number, to: number, owner: number): number;
  /** Variants in slot `slot` (INLINE + 1: more than it holds), and the i-th's modes and gates. */
  count(slot: number): number;
  modesAt(slot: number, i: number): number;
  gatesAt(slot: number, i: number): number;
}

export function createVariantIndex(): VariantIndex {
  let table = new Int32Array(SLOT * 256).fill(EMPTY);
  let used = 0;

  function hash(from: number, to: number, owner: number): number {
    let h = Math.imul(from, 0x9e3779b1) ^ Math.imul(to, 0x85ebca77) ^ Math.imul(owner, 0xc2b2ae3d);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  // The slot of (from, to, owner) in `t`: its own, or the empty one it would take.
  function slotIn(t: Int32Array, from: number, to: number, owner: number): number {
    const mask = (t.length >> SLOT_BITS) - 1;
    let at = hash(from, to, owner) & mask;
    for (;;) {
      const base = at << SLOT_BITS;
      const o = t[base + 2];
      if (o === EMPTY || (o === owner && t[base] === from && t[base + 1] === to)) return base;
      at = (at + 1) & mask;
    }
  }

  function grow(): void {
    const old = table;
    table = new Int32Array(2 * old.length).fill(EMPTY);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 2] !== EMPTY) table.set(old.subarray(at, at + SLOT), slotIn(table, old[at], old[at + 1], old[at + 2]));
    }
  }

  return {
    add(from, to, owner, modes, gates) {
      if (2 * (used + 1) > table.length >> SLOT_BITS) grow();
      const at = slotIn(table, from, to, owner);
      if (table[at + 2] === EMPTY) {
        table[at] = from;
        table[at + 1] = to;
        table[at + 2] = owner;
        table[at + 3] = 0;
        used += 1;
      }
      const count = table[at + 3];
      if (count < INLINE) {
        table[at + 4 + 2 * count] = modes;
        table[at + 5 + 2 * count] = gates;
      }
      if (count <= INLINE) table[at + 3] = count + 1;
    },
    find(from, to, owner) {
      const at = slotIn(table, from, to, owner);
      return table[at + 2] === EMPTY ? -1 : at;
    },
    count: (slot) => table[slot + 3],
    modesAt: (slot, i) => table[slot + 4 + 2 * i],
    gatesAt: (slot, i) => table[slot + 5 + 2 * i],
  };
}
