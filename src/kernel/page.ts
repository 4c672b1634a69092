// The page size faultline assumes: 4 KiB, as on x86-64 and 4 KiB-page arm64 kernels. Page-cache
// indices in tracepoints (filemap's `index`, `ofs` = index << PAGE_SHIFT) are in these units.

/** log2 of the page size. */
export const PAGE_SHIFT = 12;

/** Bytes per page (per page-cache index). */
export const PAGE_SIZE = 1 << PAGE_SHIFT;
