// The total order on files that the ordered policies lock by: (dev, ino), compared numerically.
// The kernel orders by address_space pointer (bch2_page_fault, bch2_lock_inodes); any total
// order gives the same verdicts.

/** Negative when file a comes before file b, 0 when they are the same file, positive otherwise. */
export function compareFiles(devA: number, inoA: number, devB: number, inoB: number): number {
  return devA !== devB ? devA - devB : inoA - inoB;
}
