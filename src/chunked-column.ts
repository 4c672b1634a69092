// A column of numbers by dense id (0, 1, 2, …) in typed arrays of a fixed size (chunks): growing
// never copies, so a table of millions of entries costs its size, not up to three times it while
// a doubled array is filled from the old one (the many-locks trace's lock-order graph).

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type Chunk = Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** Entries of the array type `Make` makes (Float64Array: exact integers up to 2^53), 0 until set. */
export class ChunkedColumn {
  private readonly chunks: Chunk[] = [];

  constructor(private readonly make: new (length: number) => Chunk) {}

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }

  /** Set entry `i`; the chunks up to it are made as needed. */
  set(i: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    while (this.chunks.length <= c) this.chunks.push(new this.make(CHUNK));
    this.chunks[c][i & MASK] = value;
  }
}
