// The options that say how a trace is replayed, the same for `check` and `watch`: --policy,
// --semantics and --mmap-lock, parsed into the ReplayOptions both build their engines from
// (replay/replay-options.ts).
import type { Command } from 'commander';
import type { ReplayOptions } from '../replay/replay-options.js';
import { parsePolicies, parseSemantics } from './parse-options.js';

/** The replay options as commander gives them. */
export interface ReplayCliOptions { policy: string; semantics: string; mmapLock?: boolean }

/** Adds --semantics and --mmap-lock (each command describes its own --policy). */
export function addReplayOptions(command: Command): Command {
  return command
    .option('--semantics <s>', 'instance (every inversion on lock instances, qualified: feasible, '
      + 'same-task, fork-join-ordered, gate-lock), predictive (only feasible ones) or lockdep (class-level)', 'instance')
    .option('--mmap-lock', 'also model mmap_lock (the mm rwsem) from mmap_lock:* events');
}

// The replay `options` ask for; UsageError naming the option when a value is not one.
export function parseReplayOptions(options: ReplayCliOptions): ReplayOptions {
  return { policies: parsePolicies(options.policy), semantics: parseSemantics(options.semantics), mmapLock: options.mmapLock === true };
}
