// Columns of numbers by dense id (0, 1, 2, …) in typed arrays of a fixed size (chunks): growing
// never copies, so a table of millions of entries costs its size, not up to three times it while
// a doubled array is filled from the old one (the many-locks trace's lock-order graph).
// One class per element type, each with its own get/set, so each access site sees one kind of
// typed array (V8's keyed loads stay monomorphic; a generic class would see three).

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** Int32 entries, 0 until set. */
export class ChunkedInt32 {
  private readonly chunks: Int32Array[] = [];

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }

  /** Set entry `i`; the chunks up to it are made as needed. */
  set(i: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    if (c >= this.chunks.length) while (c >= this.chunks.length) this.chunks.push(new Int32Array(CHUNK));
    this.chunks[c][i & MASK] = value;
  }
}

/** Float64 entries (exact integers up to 2^53: event indices, nanoseconds), 0 until set. */
export class ChunkedFloat64 {
  private readonly chunks: Float64Array[] = [];

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }

  set(i: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    if (c >= this.chunks.length) while (c >= this.chunks.length) this.chunks.push(new Float64Array(CHUNK));
    this.chunks[c][i & MASK] = value;
  }
}

/** Uint16 entries (0-65535), 0 until set. */
export class ChunkedUint16 {
  private readonly chunks: Uint16Array[] = [];

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }

  set(i: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    if (c >= this.chunks.length) while (c >= this.chunks.length) this.chunks.push(new Uint16Array(CHUNK));
    this.chunks[c][i & MASK] = value;
  }
}

/** Uint8 entries (0-255), 0 until set. */
export class ChunkedUint8 {
  private readonly chunks: Uint8Array[] = [];

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }

  set(i: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    if (c >= this.chunks.length) while (c >= this.chunks.length) this.chunks.push(new Uint8Array(CHUNK));
    this.chunks[c][i & MASK] = value;
  }
}
