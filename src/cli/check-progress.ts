// The progress line of a long check on a terminal's stderr: events so far, their rate, the share of
// the input file read and the time left at that pace, redrawn at most four times a second in place.
// The share is the read offset of the file's descriptor (/proc/self/fdinfo), so it holds for every
// format, compressed or not, and for a file decoded in a worker thread.
import { readFileSync, readdirSync, readlinkSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Batch } from '../trace/event.js';

const REDRAW_MS = 250;

/**
 * The terminal on fd 2, written synchronously. In a worker thread process.stderr hands each write
 * to the main thread and waits for its acknowledgement, which a replay that runs in microtasks
 * does not take until it ends: the progress line would show only at the end, or not at all.
 * A write that fails (the terminal gone) is dropped: the line is cosmetic.
 */
export const terminalStderr = {
  write(text: string): boolean {
    try {
      writeSync(2, text);
    } catch {
      // Nothing to draw on.
    }
    return true;
  },
};

// A progress line that counts the batches passing through it.
export interface CheckProgress {
  /** The batches, counted on their way. */
  count(batches: AsyncIterable<Batch>): AsyncIterable<Batch>;
  /** Erase the line (before the report's closing lines). */
  stop(): void;
}

/**
 * A progress line for `path` on `stream`, or one that only counts when the stream is not a
 * terminal (`tty`: a worker thread's stderr is a pipe to the main thread's, which may be one).
 */
export function createCheckProgress(path: string, stream: Pick<NodeJS.WritableStream, 'write'> = process.stderr, tty = process.stderr.isTTY === true): CheckProgress {
  let events = 0;
  const started = Date.now();
  const size = fileSize(path);
  const absolute = path === '-' ? undefined : resolve(path);
  // Drawn from the batch loop, not a timer: a replay fed faster than it runs resolves batch after
  // batch in microtasks, and a timer would not fire until the end.
  let drawing = tty;
  let drawnAt = started;
  function line(): string {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    const parts = [`${events.toLocaleString('en-US')} events`, `${formatRate(rate)} events/s`];
    const offset = absolute === undefined || size === undefined ? undefined : readOffset(absolute);
    if (offset !== undefined && size !== undefined && size > 0) {
      const share = Math.min(1, offset / size);
      parts.push(`${(share * 100).toFixed(0)}% of the file`);
      if (share > 0.01 && share < 1) parts.push(`ETA ${Math.ceil(seconds * (1 - share) / share)} s`);
    }
    return parts.join(', ');
  }
  return {
    async *count(batches) {
      for await (const batch of batches) {
        events += batch.length;
        const now = Date.now();
        if (drawing && now - drawnAt >= REDRAW_MS) {
          drawnAt = now;
          stream.write(`\r\x1b[K${line()}`);
        }
        yield batch;
      }
    },
    stop() {
      if (!drawing) return;
      drawing = false;
      stream.write('\r\x1b[K');
    },
  };
}

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(1)} M`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(0)} k`;
  return rate.toFixed(0);
}

function fileSize(path: string): number | undefined {
  if (path === '-') return undefined;
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

// The read offset of this process's descriptor open on `path`, if any.
function readOffset(path: string): number | undefined {
  try {
    for (const fd of readdirSync('/proc/self/fd')) {
      let target: string;
      try { target = readlinkSync(`/proc/self/fd/${fd}`); } catch { continue; }
      if (target !== path) continue;
      const pos = /^pos:\s+(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
      if (pos !== null) return Number(pos[1]);
    }
  } catch {
    return undefined;
  }
  return undefined;
}
