// Protobuf wire-format reading for the schema-specific decoders: varints (64-bit ones as two
// 32-bit halves, never a bigint), lengths and skipping, bounds-checked against a message end.
// Malformed bytes throw WireError; the caller skips the record and counts it.

/** The bytes do not follow the wire format (a varint or a length runs past its message). */
export class WireError extends Error {
  override readonly name = 'WireError';
}

// A cursor over `buf[pos, end)`. Mutable on purpose: one per decoder, reused for every record.
export class WireReader {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** Halves of the last varint64(): low and high 32 bits, unsigned. */
  lo = 0;
  hi = 0;

  reset(buf: Uint8Array, pos: number, end: number): void {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  /** The low 32 bits of a varint, unsigned (protobuf uint32/enum/bool reads). */
  varint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    let value = b & 0x7f;
    if (b >= 0x80) {
      b = buf[pos++]; value |= (b & 0x7f) << 7;
      if (b >= 0x80) {
        b = buf[pos++]; value |= (b & 0x7f) << 14;
        if (b >= 0x80) {
          b = buf[pos++]; value |= (b & 0x7f) << 21;
          if (b >= 0x80) {
            b = buf[pos++]; value |= (b & 0x0f) << 28;
            // Bytes 6..10 only carry high bits.
            for (let i = 0; b >= 0x80 && i < 5; i++) b = buf[pos++];
            if (b >= 0x80) this.fail('a varint longer than 10 bytes');
          }
        }
      }
    }
    if (pos > this.end) this.fail('a varint runs past the end of its message');
    this.pos = pos;
    return value >>> 0;
  }

  /** A varint as its halves in `lo`/`hi` (unsigned). */
  varint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let b = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    if (shift === 28) {
      b = buf[pos++];
      lo |= (b & 0x0f) << 28;
      hi = (b & 0x7f) >> 4;
      for (shift = 3; b >= 0x80 && shift < 32; shift += 7) {
        b = buf[pos++];
        hi |= (b & 0x7f) << shift;
      }
      if (b >= 0x80) this.fail('a varint longer than 10 bytes');
    }
    if (pos > this.end) this.fail('a varint runs past the end of its message');
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** A uint64 varint as a number (exact below 2^53: timestamps, inodes, counts). */
  uint64Number(): number {
    this.varint64();
    return this.hi * 0x1_0000_0000 + this.lo;
  }

  /** An int64 varint (two's complement) as a number. */
  int64Number(): number {
    this.varint64();
    return (this.hi | 0) * 0x1_0000_0000 + this.lo;
  }

  /** A length prefix; returns the end of the delimited bytes, checked against the message end. */
  delimited(): number {
    const length = this.varint32();
    const end = this.pos + length;
    if (end > this.end) this.fail(`a field of ${length} bytes runs past the end of its message`);
    return end;
  }

  /** Skip a field of wire type `wire` (groups are not used by the schema: malformed). */
  skip(wire: number): void {
    switch (wire) {
      case 0: this.varint64(); return;
      case 1: this.advance(8); return;
      case 2: this.pos = this.delimited(); return;
      case 5: this.advance(4); return;
      default: this.fail(`wire type ${wire}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) this.fail('a fixed-size field runs past the end of its message');
    this.pos += n;
  }

  fail(what: string): never {
    throw new WireError(`malformed protobuf at byte ${this.pos}: ${what}`);
  }
}
