// Removing a tracefs instance on every exit path: events disabled, tracing off, its pipes closed
// and its directory rmdir'd, from close(), process exit (also after an uncaught exception), and
// SIGINT/SIGTERM while it is open.
import { closeSync, rmdirSync, writeFileSync } from 'node:fs';
import type { InstanceState } from './instance-setup.js';

/**
 * Installs the exit and (with `handleSignals`) signal handlers for the instance at `path` and
 * returns its removal: best-effort, synchronous (it runs from 'exit' and signal handlers), once.
 * On a signal, the process dies of it when no other listener is left.
 */
export function removalOnExit(path: string, state: InstanceState, handleSignals: boolean): () => void {
  const removeSync = (): void => {
    if (state.removed) return;
    state.removed = true;
    detach();
    for (const [file, value] of [['events/enable', '0'], ['tracing_on', '0']]) {
      try {
        writeFileSync(`${path}/${file}`, value);
      } catch {
        // The instance may already be gone.
      }
    }
    state.closing = true;
    if (state.pipeFd !== undefined) closeSync(state.pipeFd);
    state.pipeFd = undefined;
    for (const { fd } of state.rawFds.splice(0)) closeSync(fd);
    rmdirRetrying(path);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    removeSync();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  function detach(): void {
    process.removeListener('exit', removeSync);
    if (handleSignals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
  process.on('exit', removeSync);
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return removeSync;
}

// The kernel may hold a just-closed instance for a moment (rmdir: EBUSY); a few retries
// cover it. Synchronous, for 'exit' and signal handlers.
function rmdirRetrying(path: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      rmdirSync(path);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code !== 'EBUSY' || attempt === 20) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
