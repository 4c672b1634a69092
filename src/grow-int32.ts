// Growing an Int32Array used as a table by dense id: at least doubled, new entries `fill`.

/** `array` if it holds index `size - 1`, else a copy at least twice as long, new entries `fill`. */
export function growInt32(array: Int32Array<ArrayBuffer>, size: number, fill = 0): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const grown = new Int32Array(Math.max(size, 2 * array.length));
  if (fill !== 0) grown.fill(fill, array.length);
  grown.set(array);
  return grown;
}
