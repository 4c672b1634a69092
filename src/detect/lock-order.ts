// An online topological order of the lock-order graph's condensation (docs/design.md §4), so the
// cycle search runs only when a new edge really closes a cycle. Pearce & Kelly's dynamic
// topological sort ("A dynamic topological sort algorithm for directed acyclic graphs", JEA
// 2006), over strongly connected sets instead of locks: an edge that agrees with the order costs
// O(1); one that breaks it searches only the sets placed between its ends (forward from its `to`,
// backward from its `from`) and reorders those; when the forward search meets the `from`, the
// sets on the paths between them merge into one (union-find), so cycles already found (reported,
// or not feasible: one task's, gated) keep no later edge on the slow path unless it lands inside
// a set. Everything lives in typed arrays by detector key and by edge: no object per lock or edge,
// no fixed size.
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
}

const NO_EDGE = -1;

export function createLockOrder(): LockOrder {
  // By key: union-find parent (-1: key not seen), next member of its set (a ring), first edge
  // out and in. By set representative: its position.
  let parent = new Int32Array(64).fill(-1);
  let member = new Int32Array(64);
  let outHead = new Int32Array(64).fill(NO_EDGE);
  let inHead = new Int32Array(64).fill(NO_EDGE);
  let ord = new Int32Array(64);
  // By edge: its ends and the next edge out of its `from` and into its `to`.
  let edgeFrom = new Int32Array(256);
  let edgeTo = new Int32Array(256);
  let nextOut = new Int32Array(256);
  let nextIn = new Int32Array(256);
  let edges = 0;
  // Positions handed to keys first seen as an edge's `from` (before all) or `to` (after all).
  let low = 0;
  let high = 0;
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

  function see(key: number, first: boolean): void {
    if (key >= parent.length) {
      const size = 2 * key + 2;
      parent = growInt32(parent, size, -1);
      member = growInt32(member, size);
      outHead = growInt32(outHead, size, NO_EDGE);
      inHead = growInt32(inHead, size, NO_EDGE);
      ord = growInt32(ord, size);
      markF = growInt32(markF, size);
      markB = growInt32(markB, size);
    }
    if (parent[key] !== -1) return;
    parent[key] = key;
    member[key] = key;
    ord[key] = first ? --low : high++;
  }

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
        for (let e = isForward ? outHead[key] : inHead[key]; e !== NO_EDGE; e = isForward ? nextOut[e] : nextIn[e]) {
          const next = find(isForward ? edgeTo[e] : edgeFrom[e]);
          if (next === set || mark[next] === stamp) continue;
          if (next === meet) {
            met = true;
            continue;
          }
          if (isForward ? ord[next] > bound : ord[next] < bound) continue;
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

  function byOrd(list: Int32Array, count: number): Int32Array {
    return list.subarray(0, count).sort((a, b) => ord[a] - ord[b]);
  }

  // Merge set `b` into set `a` (their member rings joined); returns the representative.
  function merge(a: number, b: number): number {
    parent[b] = a;
    const after = member[a];
    member[a] = member[b];
    member[b] = after;
    return a;
  }

  // Reorder after the edge cx -> cy broke the order: backward sets, then (when the edge closed a
  // cycle) the merged set, then forward sets, on the positions they held, in their old order.
  function reorder(nf: number, nb: number, cx: number, cy: number, cycle: boolean): void {
    const f = byOrd(forward, nf);
    const b = byOrd(backward, nb);
    slots = growInt32(slots, nf + nb);
    let n = 0;
    for (let i = 0; i < nb; i++) slots[n++] = ord[b[i]];
    for (let i = 0; i < nf; i++) slots[n++] = ord[f[i]];
    slots.subarray(0, n).sort();
    let at = 0;
    if (!cycle) {
      for (let i = 0; i < nb; i++) ord[b[i]] = slots[at++];
      for (let i = 0; i < nf; i++) ord[f[i]] = slots[at++];
      return;
    }
    // On a path cy ~> cx: reached by both searches (cx and cy are by definition).
    const onPath = (set: number): boolean => set === cx || set === cy || (markF[set] === stamp && markB[set] === stamp);
    let joined = cx;
    for (let i = 0; i < nb; i++) if (!onPath(b[i])) ord[b[i]] = slots[at++];
    const mergedAt = slots[at];
    for (let i = 0; i < nf; i++) if (onPath(f[i]) && f[i] !== joined) joined = merge(joined, f[i]);
    for (let i = 0; i < nb; i++) if (onPath(b[i]) && b[i] !== joined && find(b[i]) !== joined) joined = merge(joined, b[i]);
    ord[joined] = mergedAt;
    at = n - 1;
    for (let i = nf - 1; i >= 0; i--) if (!onPath(f[i])) ord[f[i]] = slots[at--];
  }

  return {
    get edges() { return edges; },
    add(fromKey, toKey) {
      see(fromKey, true);
      see(toKey, false);
      const e = edges++;
      if (e === edgeFrom.length) {
        edgeFrom = growInt32(edgeFrom, e + 1); edgeTo = growInt32(edgeTo, e + 1);
        nextOut = growInt32(nextOut, e + 1); nextIn = growInt32(nextIn, e + 1);
      }
      edgeFrom[e] = fromKey; edgeTo[e] = toKey;
      nextOut[e] = outHead[fromKey]; outHead[fromKey] = e;
      nextIn[e] = inHead[toKey]; inHead[toKey] = e;
      const cx = find(fromKey);
      const cy = find(toKey);
      if (cx === cy) return true;
      if (ord[cx] < ord[cy]) return false;
      stamp += 1;
      met = false;
      const nf = search(cy, ord[cx], true, cx, forward);
      const cycle = met;
      // The backward search stops at cy, so a cycle's sets are those both searches reached.
      markF[cx] = stamp;
      const nb = search(cx, ord[cy], false, cy, backward);
      reorder(nf, nb, cx, cy, cycle);
      return cycle;
    },
    together: (a, b) => a === b || (a < parent.length && b < parent.length && parent[a] !== -1 && parent[b] !== -1 && find(a) === find(b)),
    position: (key) => ord[find(key)],
  };
}
