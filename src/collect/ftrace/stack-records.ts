// The kernel_stack and user_stack records that options/stacktrace and options/userstacktrace
// add to a tracefs instance's ring buffer right after each event, on the same CPU, for the
// same task (trace_buffer_unlock_commit_regs): their frames, read at the offsets of their
// format files (events/ftrace/{kernel,user}_stack/format).
import { readFileSync } from 'node:fs';
import { formatField, parseEventFormat } from './event-format.js';

export interface FtraceStackRecords {
  /** The frames of the record at view[start, start + length) when it is a stack record, else undefined. */
  framesOf(view: DataView, start: number, length: number): { readonly user: boolean; readonly frames: bigint[] } | undefined;
}

const LE = true;
const COMMON_TYPE = 0;

/** The stack records of the instance at `path`; undefined when its kernel has no such events. */
export function readFtraceStackRecords(path: string): FtraceStackRecords | undefined {
  let kernel;
  let user;
  try {
    kernel = parseEventFormat(readFileSync(`${path}/events/ftrace/kernel_stack/format`, 'utf8'), 'ftrace/kernel_stack');
    user = parseEventFormat(readFileSync(`${path}/events/ftrace/user_stack/format`, 'utf8'), 'ftrace/user_stack');
  } catch {
    return undefined;
  }
  const kernelSize = formatField(kernel, 'size').offset;
  const kernelCallers = formatField(kernel, 'caller').offset;
  const userCallers = formatField(user, 'caller');
  return {
    framesOf(view, start, length) {
      const type = view.getUint16(start + COMMON_TYPE, LE);
      if (type === kernel.id) {
        // `size` entries, the record as long as they need (caller[8] is only the declared size).
        const n = Math.min(view.getInt32(start + kernelSize, LE), Math.floor((length - kernelCallers) / 8));
        return { user: false, frames: words(view, start + kernelCallers, n) };
      }
      if (type === user.id) {
        const n = Math.min(userCallers.size / 8, Math.floor((length - userCallers.offset) / 8));
        return { user: true, frames: words(view, start + userCallers.offset, n) };
      }
      return undefined;
    },
  };
}

// Up to `n` 64-bit addresses from `at`, ending at the first 0 (or ULONG_MAX, the end mark of old kernels).
function words(view: DataView, at: number, n: number): bigint[] {
  const frames: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const word = view.getBigUint64(at + 8 * i, LE);
    if (word === 0n || word === 0xffff_ffff_ffff_ffffn) break;
    frames.push(word);
  }
  return frames;
}
