// Fork/join order between tasks: vector clocks that tick only at fork and join. Clocks are never
// mutated: an edge recorded by a task keeps a reference to the task's clock at that time.
//
// Sparse while small: a clock of a few tasks is their (dense task id, count) pairs sorted by id in
// one flat array, so a trace of many tasks that never fork nor join costs one pair per task.
// Past FLAT_MAX_TASKS a clock is a persistent radix trie by task id (32 slots a node), changed by
// copying the path to the entry only, and two clocks merge node by node, taking a node the two
// share as it is. A thread that forks and joins n short-lived threads in turn knows all n: as
// flat arrays each new clock was a copy of n entries (32,429 threads took more than 4 GiB), as
// tries it costs a few nodes, and a join visits only the nodes that differ since the fork.

/** A task's fork/join clock: flat (id, count) pairs, ids ascending, or a trie; a task not in it counts 0. */
export type VectorClock = FlatClock | TrieClock;

type FlatClock = readonly number[];

/** A trie of counts: `root` covers ids below 2^(shift + BITS); leaves hold counts (0: not in it). */
interface TrieClock {
  readonly shift: number;
  readonly root: TrieNode;
}

type TrieNode = readonly (TrieNode | undefined)[] | readonly number[];

/** Tasks a flat clock holds at most; a larger one is a trie. */
export const FLAT_MAX_TASKS = 16;

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

const isFlat = (clock: VectorClock): clock is FlatClock => Array.isArray(clock);

/** The clock of a new task: its own entry at 1. */
export function initialClock(id: number): VectorClock {
  return [id, 1];
}

/** The count `clock` holds for task `id` (0 when not listed). */
export function clockEntry(clock: VectorClock, id: number): number {
  if (isFlat(clock)) return flatEntry(clock, id);
  if (id >>> clock.shift >= WIDTH) return 0;
  let node: TrieNode | undefined = clock.root;
  for (let shift = clock.shift; shift > 0; shift -= BITS) {
    node = (node as readonly (TrieNode | undefined)[])[(id >>> shift) & MASK];
    if (node === undefined) return 0;
  }
  return (node as readonly number[])[id & MASK];
}

/** The tasks `clock` holds an entry for. */
export function clockSize(clock: VectorClock): number {
  if (isFlat(clock)) return clock.length >> 1;
  const count = (node: TrieNode, shift: number): number => {
    let n = 0;
    for (const slot of node) {
      if (shift === 0) n += (slot as number) > 0 ? 1 : 0;
      else if (slot !== undefined) n += count(slot as TrieNode, shift - BITS);
    }
    return n;
  };
  return count(clock.root, clock.shift);
}

function flatEntry(clock: FlatClock, id: number): number {
  let lo = 0;
  let hi = (clock.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = clock[2 * mid];
    if (at === id) return clock[2 * mid + 1];
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

// The entry-wise maximum of two flat clocks.
function flatMerged(a: FlatClock, b: FlatClock): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      out.push(a[i], a[i + 1]);
      i += 2;
    } else if (i >= a.length || b[j] < a[i]) {
      out.push(b[j], b[j + 1]);
      j += 2;
    } else {
      out.push(a[i], Math.max(a[i + 1], b[j + 1]));
      i += 2;
      j += 2;
    }
  }
  return out;
}

// `clock` with task `id`'s entry at `count` (a path copied; the trie grown when `id` is past it).
function withEntry(clock: TrieClock, id: number, count: number): TrieClock {
  let shift = clock.shift;
  while (id >>> shift >= WIDTH) shift += BITS;
  const root = raised(clock, shift);
  const set = (node: TrieNode | undefined, at: number): TrieNode => {
    if (at === 0) {
      const leaf = node === undefined ? new Array<number>(WIDTH).fill(0) : [...(node as readonly number[])];
      leaf[id & MASK] = count;
      return leaf;
    }
    const inner = node === undefined ? new Array<TrieNode | undefined>(WIDTH).fill(undefined) : [...(node as readonly (TrieNode | undefined)[])];
    const slot = (id >>> at) & MASK;
    inner[slot] = set(inner[slot], at - BITS);
    return inner;
  };
  return { shift, root: set(root, shift) };
}

// A flat clock as a trie.
function trieOf(clock: FlatClock): TrieClock {
  let trie: TrieClock = { shift: 0, root: new Array<number>(WIDTH).fill(0) };
  for (let i = 0; i < clock.length; i += 2) trie = withEntry(trie, clock[i], clock[i + 1]);
  return trie;
}

// `trie` raised to cover ids below 2^(shift + BITS).
function raised(trie: TrieClock, shift: number): TrieNode {
  let root = trie.root;
  for (let at = trie.shift; at < shift; at += BITS) {
    const grown: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(WIDTH).fill(undefined);
    grown[0] = root;
    root = grown;
  }
  return root;
}

// The entry-wise maximum of two nodes at level `shift`: `a` or `b` itself where it already is.
function nodeMerged(a: TrieNode | undefined, b: TrieNode | undefined, shift: number): TrieNode | undefined {
  if (a === b || b === undefined) return a;
  if (a === undefined) return b;
  let out: (TrieNode | number | undefined)[] | undefined;
  let fromB = true;
  for (let i = 0; i < WIDTH; i++) {
    const x = a[i];
    const y = b[i];
    const m = shift === 0 ? Math.max(x as number, y as number) : nodeMerged(x as TrieNode | undefined, y as TrieNode | undefined, shift - BITS);
    if (m !== y) fromB = false;
    if (m !== x && out === undefined) out = [...a];
    if (out !== undefined) out[i] = m;
  }
  if (out === undefined) return a;
  return fromB ? b : (out as TrieNode);
}

// The entry-wise maximum of two clocks.
function merged(a: VectorClock, b: VectorClock): VectorClock {
  if (isFlat(a) && isFlat(b)) {
    const flat = flatMerged(a, b);
    return flat.length > 2 * FLAT_MAX_TASKS ? trieOf(flat) : flat;
  }
  if (isFlat(a) || isFlat(b)) {
    let trie = (isFlat(a) ? b : a) as TrieClock;
    const flat = (isFlat(a) ? a : b) as FlatClock;
    for (let i = 0; i < flat.length; i += 2) {
      if (clockEntry(trie, flat[i]) < flat[i + 1]) trie = withEntry(trie, flat[i], flat[i + 1]);
    }
    return trie;
  }
  const shift = Math.max(a.shift, b.shift);
  const root = nodeMerged(raised(a, shift), raised(b, shift), shift) as TrieNode;
  if (a.shift === shift && root === a.root) return a;
  if (b.shift === shift && root === b.root) return b;
  return { shift, root };
}

// `clock` with the entry of `id` one higher.
function ticked(clock: VectorClock, id: number): VectorClock {
  if (isFlat(clock)) return merged(clock, [id, flatEntry(clock, id) + 1]);
  return withEntry(clock, id, clockEntry(clock, id) + 1);
}

interface Clocked { readonly id: number; clock: VectorClock }

/** `parent` forked `child`: the child starts after everything the parent did so far. */
export function fork(parent: Clocked, child: Clocked): void {
  child.clock = merged(child.clock, parent.clock);
  parent.clock = ticked(parent.clock, parent.id);
}

/** `task` waited for `joined` to exit: everything `joined` did comes before what `task` does next. */
export function join(task: Clocked, joined: Clocked): void {
  task.clock = merged(task.clock, joined.clock);
  joined.clock = ticked(joined.clock, joined.id);
}

/**
 * True when the moment task `a` had clock `aClock` is ordered before the moment task `b` had
 * `bClock` (b knew a's epoch then).
 */
export function happensBefore(a: number, aClock: VectorClock, bClock: VectorClock): boolean {
  return clockEntry(aClock, a) <= clockEntry(bClock, a);
}

/** True when neither moment is ordered before the other by fork/join. */
export function concurrent(a: number, aClock: VectorClock, b: number, bClock: VectorClock): boolean {
  return !happensBefore(a, aClock, bClock) && !happensBefore(b, bClock, aClock);
}
