// Kernel dev_t helpers: tracepoints carry dev as major << 20 | minor (MINORBITS = 20,
// include/linux/kdev_t.h); ftrace prints it as "major:minor".

/** Kernel dev_t from major and minor. */
export function makeDev(major: number, minor: number): number {
  return major * 0x100000 + minor;
}

/** "major:minor" of a kernel dev_t. */
export function formatDev(dev: number): string {
  return `${Math.floor(dev / 0x100000)}:${dev % 0x100000}`;
}

/** The synthetic-lock name of a file: "major:minor:ino". */
export function fileKey(dev: number, ino: number): string {
  return `${formatDev(dev)}:${ino}`;
}
