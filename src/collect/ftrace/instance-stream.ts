// Reading a tracefs instance's pipes without blocking: trace_pipe's text and trace_pipe_raw's pages.
import { readSync } from 'node:fs';
import { isPageFull, type PageLayout } from './ring-buffer-page.js';

// Reads trace_pipe (non-blocking) into `buffer` until it is full or trace_pipe is empty
// (EAGAIN): the bytes read, 0 when it was empty.
export function drain(fd: number, buffer: Buffer): number {
  let filled = 0;
  while (filled < buffer.length) {
    const bytes = readNonBlocking(fd, buffer, filled, buffer.length - filled);
    if (bytes === 0) break;
    filled += bytes;
  }
  return filled;
}

// Reads a trace_pipe_raw (non-blocking), a page per read, into `buffer` until it is full, the
// pipe is empty (EAGAIN), or (unless `toEmpty`: tracing is off) a read returned a page that
// is not full: most often the page being written, which the kernel copies out as far as it
// is written (reading on would fetch a record or two per read while the writer goes on);
// else the rest of a page read before, and the next round reads what follows it. Returns
// the bytes read (whole pages), and whether the pipe was found empty.
export interface DrainedPages { readonly bytes: number; readonly empty: boolean }
export function drainPages(fd: number, buffer: Buffer, layout: PageLayout, toEmpty: boolean): DrainedPages {
  let filled = 0;
  while (filled + layout.size <= buffer.length) {
    const bytes = readNonBlocking(fd, buffer, filled, layout.size);
    if (bytes < layout.size) return { bytes: filled, empty: true };
    filled += bytes;
    if (!toEmpty && !isPageFull(buffer, filled - bytes, layout)) break;
  }
  return { bytes: filled, empty: false };
}

// One read of a non-blocking fd: the bytes read, 0 when it had none (EAGAIN) or at its end.
function readNonBlocking(fd: number, buffer: Buffer, offset: number, length: number): number {
  try {
    return readSync(fd, buffer, offset, length, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
    throw error;
  }
}
