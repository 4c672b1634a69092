// A growable byte buffer with protobuf wire-format writes (varints, 64-bit ones from two
// halves, length-delimited fields back-patched), for the schema-specific encoder.

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** An unsigned 32-bit varint. */
  varint32(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** A 64-bit varint from its unsigned halves. */
  varint64(lo: number, hi: number): void {
    if (hi === 0) {
      this.varint32(lo);
      return;
    }
    this.ensure(10);
    let l = lo >>> 0;
    let h = hi >>> 0;
    while (h !== 0 || l >= 0x80) {
      this.buf[this.pos++] = (l & 0x7f) | 0x80;
      l = ((l >>> 7) | (h << 25)) >>> 0;
      h >>>= 7;
    }
    this.buf[this.pos++] = l;
  }

  /** A non-negative integer below 2^53, or a negative one as int64 two's complement. */
  varintNumber(value: number): void {
    if (value >= 0 && value < 0x1_0000_0000) {
      this.varint32(value);
      return;
    }
    const hi = Math.floor(value / 0x1_0000_0000);
    this.varint64(value - hi * 0x1_0000_0000, hi >>> 0);
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** A length-delimited UTF-8 string. */
  string(text: string): void {
    const length = Buffer.byteLength(text);
    this.varint32(length);
    this.ensure(length);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** Reserve the length prefix of a delimited field; pass the mark to endDelimited(). */
  beginDelimited(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Write the length of the field begun at `mark`, moving its bytes when it needs a longer prefix. */
  endDelimited(mark: number): void {
    const length = this.pos - mark - 1;
    if (length < 0x80) {
      this.buf[mark] = length;
      return;
    }
    let size = 1;
    for (let v = length; v >= 0x80; v >>>= 7) size++;
    this.ensure(size - 1);
    this.buf.copy(this.buf, mark + size, mark + 1, this.pos);
    this.pos += size - 1;
    let v = length;
    let at = mark;
    while (v >= 0x80) {
      this.buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[at] = v;
  }

  /** The bytes written, copied out; the writer is emptied. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }
}
