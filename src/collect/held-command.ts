// The command of `faultline record -- CMD ARGS...`, started held: a shell that waits for a go
// line on fd 3, then execs CMD. Its pid is known before CMD runs, so the collectors can be
// given it (set_event_pid, bpftrace's PID) and attach before the first instruction of CMD.
//
// CMD keeps faultline's stdin and stderr; its stdout is faultline's, or stderr when the trace
// goes to stdout (`-o -`). The go line goes through fd 3, which the shell closes before exec.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { assert } from '../assert.js';
import { UsageError } from '../trace/errors.js';

export interface HeldCommand {
  /** The pid the command will have (the shell execs it). */
  readonly pid: number;
  /** Lets the command run. */
  release(): void;
  /** Its exit status, or the name of the signal that ended it. */
  readonly exit: Promise<number | string>;
  /** Whether it has exited. */
  readonly exited: () => boolean;
  /** Sends `signal` unless it has exited. */
  kill(signal: NodeJS.Signals): void;
}

// Throws UsageError unless `name` is an executable file (a path, or found on PATH as exec would).
export function requireExecutable(name: string, path: string = process.env.PATH ?? ''): void {
  const candidates = name.includes('/') ? [name] : path.split(delimiter).filter((d) => d !== '').map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return;
    } catch {
      // not this one
    }
  }
  throw new UsageError(`expected an executable command after --, got ${JSON.stringify(name)} (not found or not executable)`);
}

const HOLD = 'read go <&3 && exec "$0" "$@" 3<&-';

// Spawns the held shell; `stdoutToStderr` when stdout carries the trace.
export function spawnHeldCommand(command: readonly string[], stdoutToStderr: boolean): HeldCommand {
  assert(command.length > 0, 'spawnHeldCommand needs a command');
  const child = execa('sh', ['-c', HOLD, ...command], {
    stdio: ['inherit', stdoutToStderr ? process.stderr : 'inherit', 'inherit', 'pipe'],
    reject: false,
    buffer: false,
  });
  const pid = child.pid;
  if (pid === undefined) throw new UsageError(`expected to start ${command[0]}, got no process`);
  let exited = false;
  const exit = child.then((result) => {
    exited = true;
    return result.signal ?? result.exitCode ?? -1;
  });
  const go = child.stdio[3] as unknown as NodeJS.WritableStream | undefined;
  assert(go !== undefined, 'fd 3 of the held shell is a pipe');
  return {
    pid,
    release() {
      go.end('go\n');
    },
    exit,
    exited: () => exited,
    kill(signal) {
      if (!exited) child.kill(signal);
    },
  };
}
