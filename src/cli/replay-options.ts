// The options that say how a trace is replayed, the same for `check` and `watch`: --policy,
// --semantics and --mmap-lock (parseReplayOptions in parse-options.ts makes them the
// ReplayOptions both build their engines from). Loaded with the command line: nothing else here.
import type { Command } from 'commander';

/** The replay options as commander gives them. */
export interface ReplayCliOptions { policy: string; semantics: string; mmapLock?: boolean }

/** Adds --semantics and --mmap-lock (each command describes its own --policy). */
export function addReplayOptions(command: Command): Command {
  return command
    .option('--semantics <s>', 'instance (every inversion on lock instances, qualified: feasible, '
      + 'same-task, fork-join-ordered, gate-lock), predictive (only feasible ones) or lockdep (class-level)', 'instance')
    .option('--mmap-lock', 'also model mmap_lock (the mm rwsem) from mmap_lock:* events');
}
