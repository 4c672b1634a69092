// Fits a line of text to a column width: cut with an ellipsis when too long, padded when asked.
// Widths count code points; the dashboard prints only single-column characters.

/** `text` cut to at most `width` columns, ending in "…" when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return chars.slice(0, width - 1).join('') + '…';
}

/** `text` cut or padded with spaces to exactly `width` columns; `align` says where the text sits. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const gap = ' '.repeat(Math.max(0, width - Array.from(cut).length));
  return align === 'left' ? cut + gap : gap + cut;
}
