// The variants of a lock pair by owner (clock epoch, or task when not thread-aware), for pairs
// with many variants (order-graph.ts indexes a pair once it has INDEX_MIN): a lookup reads one
// slot and then only the owner's own variants, newest first, each as (next, modes, gates'
// offset) in one 12-byte entry, instead of walking every variant of the pair. The pool shape
// (64 locks, 8 tasks) has ~23 variants a pair, a few of each owner; a walk of them all made its
// replay 1.5x slower. Pairs with fewer variants (most of them on a trace of many locks) cost the
// index nothing.
// Slots: an open-addressing table in one Int32Array of (from, to, owner, newest entry), keyed by
// the pair's keys, so a covered edge is answered without looking its pair up.
import { growInt32 } from '../grow-int32.js';

/** Variants a pair has when it gets indexed. */
export const INDEX_MIN = 8;

/** No entry: the end of an owner's list. */
export const END = -1;
/** What first() answers for an owner whose pair takes no more of its variants (close()). */
export const CLOSED = -2;

const SLOT = 4;
const ENTRY = 3;
const EMPTY = -1;

export interface VariantIndex {
  /** Index a variant of pair (from, to) made by `owner`, with its modes and gates' offset. */
  add(from: number, to: number, owner: number, modes: number, gates: number): void;
  /** From now on (from, to, owner) is CLOSED. */
  close(from: number, to: number, owner: number): void;
  /**
   * The newest entry of (from, to, owner), END when it has none (or its pair is not indexed),
   * CLOSED when closed; then next().
   */
  first(from: number, to: number, owner: number): number;
  next(entry: number): number;
  modes(entry: number): number;
  gates(entry: number): number;
}

export function createVariantIndex(): VariantIndex {
  let slots = new Int32Array(SLOT * 256).fill(EMPTY);
  let used = 0;
  let entries = new Int32Array(ENTRY * 1024);
  let entryCount = 0;

  function hash(from: number, to: number, owner: number): number {
    let h = Math.imul(from, 0x9e3779b1) ^ Math.imul(to, 0x85ebca77) ^ Math.imul(owner, 0xc2b2ae3d);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  // The slot of (from, to, owner) in `t`: its own, or the empty one it would take.
  function slotIn(t: Int32Array, from: number, to: number, owner: number): number {
    const mask = t.length / SLOT - 1;
    let at = hash(from, to, owner) & mask;
    for (;;) {
      const base = SLOT * at;
      const o = t[base + 2];
      if (o === EMPTY || (o === owner && t[base] === from && t[base + 1] === to)) return base;
      at = (at + 1) & mask;
    }
  }

  function grow(): void {
    const old = slots;
    slots = new Int32Array(2 * old.length).fill(EMPTY);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 2] !== EMPTY) slots.set(old.subarray(at, at + SLOT), slotIn(slots, old[at], old[at + 1], old[at + 2]));
    }
  }

  // The slot of (from, to, owner), taken (with no entry) if it was empty.
  function take(from: number, to: number, owner: number): number {
    if (2 * (used + 1) > slots.length / SLOT) grow();
    const at = slotIn(slots, from, to, owner);
    if (slots[at + 2] === EMPTY) {
      slots[at] = from;
      slots[at + 1] = to;
      slots[at + 2] = owner;
      slots[at + 3] = END;
      used += 1;
    }
    return at;
  }

  return {
    close(from, to, owner) {
      slots[take(from, to, owner) + 3] = CLOSED;
    },
    add(from, to, owner, modes, gates) {
      const at = take(from, to, owner);
      if (slots[at + 3] === CLOSED) return;
      const e = entryCount++;
      entries = growInt32(entries, ENTRY * (e + 1));
      entries[ENTRY * e] = slots[at + 3];
      entries[ENTRY * e + 1] = modes;
      entries[ENTRY * e + 2] = gates;
      slots[at + 3] = e;
    },
    first(from, to, owner) {
      const at = slotIn(slots, from, to, owner);
      return slots[at + 2] === EMPTY ? END : slots[at + 3];
    },
    next: (entry) => entries[ENTRY * entry],
    modes: (entry) => entries[ENTRY * entry + 1],
    gates: (entry) => entries[ENTRY * entry + 2],
  };
}
