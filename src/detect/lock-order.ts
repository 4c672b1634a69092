// An online topological order of the lock-order graph's condensation (docs/design.md §4), so the
// cycle search runs only when a new edge really closes a cycle. Pearce & Kelly's dynamic
// topological sort ("A dynamic topological sort algorithm for directed acyclic graphs", JEA
// 2006), over strongly connected sets instead of locks: an edge that agrees with the order costs
// O(1); one that breaks it moves one of its ends next to the other when that lock's own edges
// allow, else searches only the sets placed between its ends, forward from its `to` and backward
// from its `from`, one set at a time in turn (the two-way search of Haeupler et al., "Incremental
// cycle detection, topological ordering, and strong component maintenance", TALG 2012): when one
// side ends without meeting the other end there is no cycle, and that side alone moves past the
// other end, keeping its order (on the many-locks trace the forward side is a hundred times the
// backward one). When the searches meet, both run to their end and the
// sets on the paths between them merge into one (union-find), so cycles already found (reported,
// or not feasible: one task's, gated) keep no later edge on the slow path unless it lands inside
// a set. A new lock is placed next to its first neighbour (after the lock it was taken under, or
// before the lock taken under it), in a list of slots with integer labels spread out on demand
// (order maintenance, Dietz & Sleator 1987), so a trace that takes its locks in one order finds
// that order with few reorders. Everything lives in typed arrays by detector key, slot and edge:
// no object per lock or edge, no fixed size.
import { ChunkedInt32 } from '../chunked-column.js';
import { growInt32 } from '../grow-int32.js';

export interface LockOrder {
  /** Distinct edges added. */
  readonly edges: number;
  /**
   * Add the edge `fromKey` -> `toKey` (once per distinct pair). True when the graph now has a
   * cycle through it: `toKey` reaches `fromKey`, both are in one strongly connected set.
   */
  add(fromKey: number, toKey: number): boolean;
  /** True when `a` and `b` are in one strongly connected set (each reaches the other). */
  together(a: number, b: number): boolean;
  /** The position of `key`'s set in the order (lower comes first); sets never share one. */
  position(key: number): number;
  /** Edge ids are 0, 1, 2, … in order of add(); the ends of edge `e`. */
  from(e: number): number;
  to(e: number): number;
  /** The first edge added out of `key`, NO_EDGE when none; the next one out of the same key after `e`. */
  firstOut(key: number): number;
  nextOut(e: number): number;
}

/** No edge (end of a list). */
export const NO_EDGE = -1;

const HEAD = 0;
const TAIL = 1;
const MAX_LABEL = 2 ** 52;
// Label distance of a slot added next to the first or last one.
const STRIDE = 2 ** 24;
// How the two-way search of an edge ended (race()).
const RACE_FORWARD = 0;
const RACE_BACKWARD = 1;
const RACE_MET = 2;

export function createLockOrder(): LockOrder {
  // By key: union-find parent (-1: key not seen), next member of its set (a ring), first edge
  // out (and last: out lists keep the order edges came in) and in. By set representative: its slot.
  let parent = new Int32Array(64).fill(-1);
  let member = new Int32Array(64);
  let outHead = new Int32Array(64).fill(NO_EDGE);
  let outTail = new Int32Array(64).fill(NO_EDGE);
  let inHead = new Int32Array(64).fill(NO_EDGE);
  let slotOf = new Int32Array(64);
  // Slots, a doubly linked list between HEAD and TAIL in label order, each holding one set.
  let label = new Float64Array(64);
  let nextSlot = new Int32Array(64);
  let prevSlot = new Int32Array(64);
  let slotCount = 2;
  label[TAIL] = MAX_LABEL;
  nextSlot[HEAD] = TAIL;
  prevSlot[TAIL] = HEAD;
  // By edge: its ends and the next edge out of its `from` and into its `to` (chunked: a graph of
  // millions of edges grows without copies).
  const edgeFrom = new ChunkedInt32();
  const edgeTo = new ChunkedInt32();
  const nextOut = new ChunkedInt32();
  const nextIn = new ChunkedInt32();
  let edges = 0;
  // Search state, by set representative: stamps of the forward and backward searches.
  let markF = new Int32Array(64);
  let markB = new Int32Array(64);
  let stamp = 0;
  let stack = new Int32Array(64);
  let forward = new Int32Array(64);
  let backward = new Int32Array(64);
  let slots = new Int32Array(64);

  function find(key: number): number {
    while (parent[key] !== key) {
      parent[key] = parent[parent[key]];
      key = parent[key];
    }
    return key;
  }

  // The set's position: its slot's label.
  function ord(set: number): number {
    return label[slotOf[set]];
  }

  // A new slot linked after `s`, labelled between its neighbours; when they leave no room, the
  // slots around it are spread evenly over the nearest range wide enough.
  function insertAfter(s: number): number {
    const n = slotCount++;
    if (n === label.length) {
      const grown = new Float64Array(2 * n);
      grown.set(label);
      label = grown;
      nextSlot = growInt32(nextSlot, n + 1); prevSlot = growInt32(prevSlot, n + 1);
    }
    const t = nextSlot[s];
    nextSlot[n] = t; prevSlot[n] = s; nextSlot[s] = n; prevSlot[t] = n;
    const room = label[t] - label[s];
    if (room >= 2) {
      // Between two slots: the middle; next to an end: a stride, so appends leave room.
      const half = Math.floor(room / 2);
      label[n] = t !== TAIL ? label[t] - (s === HEAD ? Math.min(STRIDE, half) : half)
        : label[s] + (s === HEAD ? half : Math.min(STRIDE, half));
      return n;
    }
    // No room: the slots around it spread evenly over a range wide enough for them.
    let left = s;
    let right = t;
    let count = 1;
    while (label[right] - label[left] <= 4 * count * count && !(left === HEAD && right === TAIL)) {
      if (right !== TAIL) right = nextSlot[right];
      else left = prevSlot[left];
      count += 1;
    }
    const step = Math.floor((label[right] - label[left]) / (count + 1));
    for (let at = nextSlot[left], i = 1; at !== right; at = nextSlot[at], i++) label[at] = label[left] + step * i;
    return n;
  }

  // Key `key`, first seen now, as a set of its own in a new slot after `s`.
  function see(key: number, s: number): void {
    if (key >= parent.length) {
      const size = 2 * key + 2;
      parent = growInt32(parent, size, -1);
      member = growInt32(member, size);
      outHead = growInt32(outHead, size, NO_EDGE);
      outTail = growInt32(outTail, size, NO_EDGE);
      inHead = growInt32(inHead, size, NO_EDGE);
      slotOf = growInt32(slotOf, size);
      markF = growInt32(markF, size);
      markB = growInt32(markB, size);
    }
    parent[key] = key;
    member[key] = key;
    const slot = insertAfter(s);
    slotOf[key] = slot;
  }

  const known = (key: number): boolean => key < parent.length && parent[key] !== -1;

  // Sets reachable from `start` placed before `bound` (forward) or reaching it placed after
  // (backward), into `into`; returns their count. Forward also tells whether it met `meet`.
  let met = false;
  function search(start: number, bound: number, isForward: boolean, meet: number, into: Int32Array<ArrayBuffer>): number {
    const mark = isForward ? markF : markB;
    let top = 0;
    let count = 0;
    stack[top++] = start;
    mark[start] = stamp;
    while (top > 0) {
      const set = stack[--top];
      into[count++] = set;
      let key = set;
      do {
        for (let e = isForward ? outHead[key] : inHead[key]; e !== NO_EDGE; e = isForward ? nextOut.get(e) : nextIn.get(e)) {
          const next = find(isForward ? edgeTo.get(e) : edgeFrom.get(e));
          if (next === set || mark[next] === stamp) continue;
          if (next === meet) {
            met = true;
            continue;
          }
          if (isForward ? ord(next) > bound : ord(next) < bound) continue;
          mark[next] = stamp;
          if (top === stack.length) stack = growInt32(stack, top + 1);
          stack[top++] = next;
        }
        key = member[key];
      } while (key !== set);
      if (count === into.length) {
        if (isForward) forward = into = growInt32(into, count + 1);
        else backward = into = growInt32(into, count + 1);
      }
    }
    return count;
  }

  // The two searches of the edge cx -> cy, one set at a time in turn, each on its own stack:
  // RACE_FORWARD when the forward one ended first (its sets are in `forward`), RACE_BACKWARD for
  // the backward one, RACE_MET when one met the other's start (a cycle: searched again in full).
  let topF = 0;
  let topB = 0;
  let countF = 0;
  let countB = 0;
  let stackB = new Int32Array(64);
  function race(cx: number, cy: number): number {
    const boundF = ord(cx);
    const boundB = ord(cy);
    topF = 0; topB = 0; countF = 0; countB = 0;
    stack[topF++] = cy;
    markF[cy] = stamp;
    stackB[topB++] = cx;
    markB[cx] = stamp;
    for (;;) {
      if (topF === 0) return RACE_FORWARD;
      if (!stepForward(cx, boundF)) return RACE_MET;
      if (topB === 0) return RACE_BACKWARD;
      if (!stepBackward(cy, boundB)) return RACE_MET;
    }
  }

  // One set of the forward race search expanded; false when it meets `meet`.
  function stepForward(meet: number, bound: number): boolean {
    const set = stack[--topF];
    if (countF === forward.length) forward = growInt32(forward, countF + 1);
    forward[countF++] = set;
    let key = set;
    do {
      for (let e = outHead[key]; e !== NO_EDGE; e = nextOut.get(e)) {
        const next = find(edgeTo.get(e));
        if (next === set || markF[next] === stamp) continue;
        if (next === meet) return false;
        if (ord(next) > bound) continue;
        markF[next] = stamp;
        if (topF === stack.length) stack = growInt32(stack, topF + 1);
        stack[topF++] = next;
      }
      key = member[key];
    } while (key !== set);
    return true;
  }

  // One set of the backward race search expanded; false when it meets `meet`.
  function stepBackward(meet: number, bound: number): boolean {
    const set = stackB[--topB];
    if (countB === backward.length) backward = growInt32(backward, countB + 1);
    backward[countB++] = set;
    let key = set;
    do {
      for (let e = inHead[key]; e !== NO_EDGE; e = nextIn.get(e)) {
        const next = find(edgeFrom.get(e));
        if (next === set || markB[next] === stamp) continue;
        if (next === meet) return false;
        if (ord(next) < bound) continue;
        markB[next] = stamp;
        if (topB === stackB.length) stackB = growInt32(stackB, topB + 1);
        stackB[topB++] = next;
      }
      key = member[key];
    } while (key !== set);
    return true;
  }

  // The `count` sets of `list`, in their order, into new slots after slot `s`.
  function moveRun(list: Int32Array, count: number, s: number): void {
    const sets = byOrd(list, count);
    let at = s;
    for (let i = 0; i < count; i++) {
      moveAfter(sets[i], at);
      at = slotOf[sets[i]];
    }
  }

  function byOrd(list: Int32Array, count: number): Int32Array {
    return list.subarray(0, count).sort((a, b) => ord(a) - ord(b));
  }

  // Put `set` in `slot`.
  function place(set: number, slot: number): void {
    slotOf[set] = slot;
  }

  // Merge set `b` into set `a` (their member rings joined); returns the representative.
  function merge(a: number, b: number): number {
    parent[b] = a;
    const after = member[a];
    member[a] = member[b];
    member[b] = after;
    return a;
  }

  // When every edge out of `cy` leads past `cx`, `cy` moves to just after `cx`; when every edge
  // into `cx` comes from before `cy`, `cx` moves to just before `cy`: the order holds again, no
  // search needed. True when one of them moved.
  function moved(cx: number, cy: number): boolean {
    if (member[cy] === cy && allOut(cy, ord(cx))) {
      moveAfter(cy, slotOf[cx]);
      return true;
    }
    if (member[cx] === cx && allIn(cx, ord(cy))) {
      moveAfter(cx, prevSlot[slotOf[cy]]);
      return true;
    }
    return false;
  }

  function allOut(key: number, bound: number): boolean {
    for (let e = outHead[key]; e !== NO_EDGE; e = nextOut.get(e)) if (ord(find(edgeTo.get(e))) <= bound) return false;
    return true;
  }

  function allIn(key: number, bound: number): boolean {
    for (let e = inHead[key]; e !== NO_EDGE; e = nextIn.get(e)) if (ord(find(edgeFrom.get(e))) >= bound) return false;
    return true;
  }

  // Set `set` (one key) into a new slot after `s`; its old slot leaves the list.
  function moveAfter(set: number, s: number): void {
    const old = slotOf[set];
    nextSlot[prevSlot[old]] = nextSlot[old];
    prevSlot[nextSlot[old]] = prevSlot[old];
    slotOf[set] = insertAfter(s);
  }

  // Reorder after the edge cx -> cy broke the order: backward sets, then (when the edge closed a
  // cycle) the merged set, then forward sets, on the positions they held, in their old order.
  function reorder(nf: number, nb: number, cx: number, cy: number, cycle: boolean): void {
    const f = byOrd(forward, nf);
    const b = byOrd(backward, nb);
    slots = growInt32(slots, nf + nb);
    let n = 0;
    for (let i = 0; i < nb; i++) slots[n++] = slotOf[b[i]];
    for (let i = 0; i < nf; i++) slots[n++] = slotOf[f[i]];
    slots.subarray(0, n).sort((x, y) => label[x] - label[y]);
    let at = 0;
    if (!cycle) {
      for (let i = 0; i < nb; i++) place(b[i], slots[at++]);
      for (let i = 0; i < nf; i++) place(f[i], slots[at++]);
      return;
    }
    // On a path cy ~> cx: reached by both searches (cx and cy are by definition).
    const onPath = (set: number): boolean => set === cx || set === cy || (markF[set] === stamp && markB[set] === stamp);
    let joined = cx;
    for (let i = 0; i < nb; i++) if (!onPath(b[i])) place(b[i], slots[at++]);
    const mergedAt = slots[at++];
    for (let i = 0; i < nf; i++) if (onPath(f[i]) && f[i] !== joined) joined = merge(joined, f[i]);
    for (let i = 0; i < nb; i++) if (onPath(b[i]) && b[i] !== joined && find(b[i]) !== joined) joined = merge(joined, b[i]);
    place(joined, mergedAt);
    let up = n - 1;
    for (let i = nf - 1; i >= 0; i--) if (!onPath(f[i])) place(f[i], slots[up--]);
    // The slots left between hold no set: out of the list.
    for (let i = at; i <= up; i++) {
      const s = slots[i];
      nextSlot[prevSlot[s]] = nextSlot[s];
      prevSlot[nextSlot[s]] = prevSlot[s];
    }
  }

  return {
    get edges() { return edges; },
    add(fromKey, toKey) {
      if (!known(fromKey)) {
        if (known(toKey)) see(fromKey, prevSlot[slotOf[find(toKey)]]);
        else see(fromKey, prevSlot[TAIL]);
      }
      if (!known(toKey)) see(toKey, slotOf[find(fromKey)]);
      const e = edges++;
      edgeFrom.set(e, fromKey); edgeTo.set(e, toKey);
      nextOut.set(e, NO_EDGE);
      if (outTail[fromKey] === NO_EDGE) outHead[fromKey] = e;
      else nextOut.set(outTail[fromKey], e);
      outTail[fromKey] = e;
      nextIn.set(e, inHead[toKey]); inHead[toKey] = e;
      const cx = find(fromKey);
      const cy = find(toKey);
      if (cx === cy) return true;
      if (ord(cx) < ord(cy)) return false;
      if (moved(cx, cy)) return false;
      stamp += 1;
      const ended = race(cx, cy);
      // Every set cy reaches, placed after cx: no cycle, and cx, and all before it, stay before them.
      if (ended === RACE_FORWARD) {
        moveRun(forward, countF, slotOf[cx]);
        return false;
      }
      // Every set reaching cx, placed after cy: moved just before cy.
      if (ended === RACE_BACKWARD) {
        moveRun(backward, countB, prevSlot[slotOf[cy]]);
        return false;
      }
      stamp += 1;
      met = false;
      const nf = search(cy, ord(cx), true, cx, forward);
      const cycle = met;
      // The backward search stops at cy, so a cycle's sets are those both searches reached.
      markF[cx] = stamp;
      const nb = search(cx, ord(cy), false, cy, backward);
      reorder(nf, nb, cx, cy, cycle);
      return cycle;
    },
    together: (a, b) => a === b || (known(a) && known(b) && find(a) === find(b)),
    position: (key) => ord(find(key)),
    from: (e) => edgeFrom.get(e),
    to: (e) => edgeTo.get(e),
    firstOut: (key) => (key < outHead.length ? outHead[key] : NO_EDGE),
    nextOut: (e) => nextOut.get(e),
  };
}
