// Streaming a tracefs instance: trace_pipe as text lines, or each CPU's trace_pipe_raw as whole
// ring-buffer pages, read without blocking (a poll when empty) until the instance is stopped
// and drained, or closed.
import { readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { splitLines } from '../../split-lines.js';
import type { InstanceState } from './instance-setup.js';
import { isPageFull, type PageLayout } from './ring-buffer-page.js';

/** Bytes of trace_pipe read before they are handed on: ~8000 lines of ~120 bytes. */
export const PIPE_DRAIN_BYTES = 1 << 20;

/** What one drain of one CPU's trace_pipe_raw got. */
export interface RawRead {
  readonly cpu: number;
  /** Whole pages, possibly none. */
  readonly bytes: Buffer;
  /**
   * The drain emptied the CPU's buffer: it holds nothing recorded before `startedNs`. Else
   * it holds nothing unread older than the last record read.
   */
  readonly drained: boolean;
  /** CLOCK_MONOTONIC ns when the drain began. */
  readonly startedNs: number;
  /** The last CPU of a round over every CPU. */
  readonly lastOfRound: boolean;
}

// trace_pipe's bytes: whatever it holds, read synchronously (a read returns at most a page;
// many in a row cost less than a thread-pool round trip each), then a poll when it is empty.
async function* chunks(state: InstanceState, pollMs: number): AsyncGenerator<Buffer> {
  const fd = state.pipeFd;
  if (fd === undefined) return;
  const buffer = Buffer.alloc(PIPE_DRAIN_BYTES);
  while (!state.closing) {
    // Stopped before this drain: what it leaves is all there was.
    const last = state.stopped;
    let bytes: number;
    try {
      bytes = drain(fd, buffer);
    } catch (error) {
      if (state.removed) break;
      throw error;
    }
    if (bytes > 0) yield buffer.subarray(0, bytes);
    if (bytes < buffer.length) {
      if (last) break;
      await sleep(pollMs);
    }
  }
}

/** trace_pipe as text lines, without their newline. */
export async function* pipeLines(state: InstanceState, pollMs: number): AsyncGenerator<string> {
  for await (const group of splitLines(chunks(state, pollMs))) yield* group;
}

/**
 * Every CPU's trace_pipe_raw in turn, each up to PIPE_DRAIN_BYTES; the next round at once when a
 * CPU had more than that, else after a poll interval.
 */
export async function* rawPageReads(state: InstanceState, pageLayout: PageLayout, pollMs: number): AsyncGenerator<RawRead> {
  const buffer = Buffer.alloc(Math.max(pageLayout.size, PIPE_DRAIN_BYTES - (PIPE_DRAIN_BYTES % pageLayout.size)));
  while (!state.closing) {
    const last = state.stopped;
    let behind = false;
    for (const [i, { cpu, fd }] of state.rawFds.entries()) {
      const startedNs = Number(process.hrtime.bigint());
      let drained: DrainedPages;
      try {
        drained = drainPages(fd, buffer, pageLayout, last);
      } catch (error) {
        if (state.removed) return;
        throw error;
      }
      behind ||= drained.bytes === buffer.length;
      yield { cpu, bytes: buffer.subarray(0, drained.bytes), drained: drained.empty, startedNs, lastOfRound: i === state.rawFds.length - 1 };
      if (state.closing) return;
    }
    if (!behind) {
      if (last) break;
      await sleep(pollMs);
    }
  }
}

// Reads trace_pipe (non-blocking) into `buffer` until it is full or trace_pipe is empty
// (EAGAIN): the bytes read, 0 when it was empty.
function drain(fd: number, buffer: Buffer): number {
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
interface DrainedPages { readonly bytes: number; readonly empty: boolean }
function drainPages(fd: number, buffer: Buffer, layout: PageLayout, toEmpty: boolean): DrainedPages {
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
