// 64-bit ids (two 32-bit halves) interned to dense integers 0, 1, 2, … in order of first sight:
// an open-addressing hash table in typed arrays, so a lookup allocates nothing and creates no
// bigint. Used by the batch decoder for lock ids and tids.

const EMPTY = -1;

export class IdInterner {
  private slots: Int32Array = new Int32Array(1024).fill(EMPTY);
  private mask = 1023;
  private los: Uint32Array = new Uint32Array(512);
  private his: Uint32Array = new Uint32Array(512);
  private count = 0;

  /** Ids handed out so far. */
  get size(): number {
    return this.count;
  }

  /** The id of the value, or -1 when it was never interned. */
  find(lo: number, hi: number): number {
    let slot = this.hash(lo, hi) & this.mask;
    for (;;) {
      const id = this.slots[slot];
      if (id === EMPTY || (this.los[id] === lo && this.his[id] === hi)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The dense id of the 64-bit value (`lo`, `hi` unsigned halves), new ones numbered in order. */
  idOf(lo: number, hi: number): number {
    let slot = this.hash(lo, hi) & this.mask;
    for (;;) {
      const id = this.slots[slot];
      if (id === EMPTY) break;
      if (this.los[id] === lo && this.his[id] === hi) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    if (id === this.los.length) {
      const los = new Uint32Array(2 * id);
      los.set(this.los);
      this.los = los;
      const his = new Uint32Array(2 * id);
      his.set(this.his);
      this.his = his;
    }
    this.los[id] = lo;
    this.his[id] = hi;
    this.slots[slot] = id;
    if (2 * this.count > this.mask) this.grow();
    return id;
  }

  /** Low 32 bits of the value of `id`. */
  lo(id: number): number {
    return this.los[id];
  }

  /** High 32 bits of the value of `id`. */
  hi(id: number): number {
    return this.his[id];
  }

  private hash(lo: number, hi: number): number {
    // Lock addresses differ in the low bits above their alignment: mix both halves.
    let h = Math.imul(lo ^ (lo >>> 16), 0x45d9f3b);
    h = Math.imul(h ^ hi ^ (h >>> 16), 0x45d9f3b);
    return h ^ (h >>> 16);
  }

  private grow(): void {
    const size = 2 * this.slots.length;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hash(this.los[id], this.his[id]) & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    }
  }
}
