// The recorder's scheduling priority (`record --nice`): faultline's own process (reading the
// collectors, merging, writing the trace) may run at a higher nice value than the traced
// workload, so the workload keeps its CPU and faultline catches up from the kernel's ftrace ring
// buffer and bpftrace's output when a CPU is free. The traced command and the bpftrace processes
// are started before the priority is lowered and keep their own. Off by default: on a machine
// with no CPU to spare, faultline then falls behind, and drains the backlog at the end (or
// loses events when the ring buffer fills).
import { getPriority, setPriority } from 'node:os';
import { UsageError } from '../trace/errors.js';

/** The nice value `faultline record` runs at unless told otherwise: unchanged. */
export const DEFAULT_RECORD_NICE = 0;

/** A `--nice` value: an integer from 0 (no change) to 19. */
export function parseRecordNice(text: string): number {
  const nice = Number(text);
  if (!/^\d+$/.test(text) || nice > 19) throw new UsageError(`--nice: expected an integer from 0 to 19, got ${text}`);
  return nice;
}

/**
 * Runs this process at nice `nice` (never lower than it already is); returns the function that
 * puts the previous value back. Best effort: a priority the system refuses is left as it is.
 */
export function lowerRecorderPriority(nice: number): () => void {
  let before: number;
  try {
    before = getPriority();
  } catch {
    return () => undefined;
  }
  if (nice <= before) return () => undefined;
  try {
    setPriority(nice);
  } catch {
    return () => undefined;
  }
  return () => {
    try {
      setPriority(before);
    } catch {
      // Raising the priority again needs CAP_SYS_NICE; the recording is over either way.
    }
  };
}
