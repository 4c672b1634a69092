// One stack frame as lockdep prints it: kernel `__x64_sys_pwrite64+0x53/0x90` (with
// ` [module]` outside vmlinux), user `main+0x2a (ab.c:41)`, or the object when there is no
// line (`pthread_mutex_lock+0x4 (libc.so.6)`), or the bare address when nothing is known.
import { basename } from 'node:path';
import { KERNEL_SPACE_START, type FrameEntry } from '../trace/trace-symbols.js';
import { formatAddress } from './format-id.js';
import { printableText } from '../trace/printable-text.js';

/** The frame's text; names and paths from the trace are escaped. */
export function frameText(frame: FrameEntry): string {
  const kernel = frame.addr >= KERNEL_SPACE_START;
  const at = frame.symbol === undefined
    ? formatAddress(frame.addr)
    : `${printableText(frame.symbol)}+0x${(frame.offset ?? 0).toString(16)}${kernel && frame.size !== undefined ? `/0x${frame.size.toString(16)}` : ''}`;
  if (kernel) return frame.module === undefined ? at : `${at} [${printableText(frame.module)}]`;
  if (frame.file !== undefined && frame.line !== undefined) return `${at} (${printableText(basename(frame.file))}:${frame.line})`;
  return frame.module === undefined ? at : `${at} (${printableText(basename(frame.module))})`;
}

/** Leading frames of the tracing machinery itself (the tracepoint's own callers), left out of reports. */
const TRACING_FRAME = /^(?:trace_event_raw_event_|__traceiter_|perf_trace_|__bpf_trace_|bpf_trace_run|__mmap_lock_do_trace_|trace_event_buffer_|ftrace_syscall_|syscall_trace_enter|__trace_)/;

/** `frames` without the tracing machinery's leading frames. */
export function withoutTracingFrames(frames: readonly FrameEntry[]): readonly FrameEntry[] {
  let i = 0;
  while (i < frames.length - 1 && frames[i].symbol !== undefined && TRACING_FRAME.test(frames[i].symbol!)) i++;
  return i === 0 ? frames : frames.slice(i);
}
