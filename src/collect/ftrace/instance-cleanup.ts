// Removing a tracefs instance: its directory, which the kernel may hold busy for a moment.
import { rmdirSync } from 'node:fs';

// The kernel may hold a just-closed instance for a moment (rmdir: EBUSY); a few retries
// cover it. Synchronous, for 'exit' and signal handlers.
export function rmdirRetrying(path: string): void {
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
