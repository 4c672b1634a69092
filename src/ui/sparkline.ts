// A sparkline of the last `width` values in unicode eighth blocks, scaled from 0 to their maximum.
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * One block per value for the newest `width` values (fewer when there are fewer values).
 * 0 is the lowest block and the window's maximum the highest; negative or non-finite values
 * count as 0, and a window of zeros is all lowest blocks.
 */
export function sparkline(values: readonly number[], width: number): string {
  if (width <= 0) return '';
  const window = values.slice(Math.max(0, values.length - width)).map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(0, ...window);
  const top = BLOCKS.length - 1;
  return window.map((v) => BLOCKS[max === 0 ? 0 : Math.round((v / max) * top)]).join('');
}
