// An output file written under a temporary name beside its target and renamed onto it only when
// whole: a command stopped by SIGINT, SIGTERM, SIGHUP or an error (a full disk) removes the
// partial file and says so, and the target is left as it was. A partial jsonl ends on a whole line
// and would read as a complete trace; a partial .pb would read as an incomplete one.
import { rmSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { constants } from 'node:os';
import { printableText } from '../trace/printable-text.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// Removes the partial file if it was made; a directory that is not one is nothing to remove.
function removePartial(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // the file never existed (ENOTDIR, EACCES on the directory)
  }
}

/** `.<name>.partial-<pid>` beside `target`, its name ending as the target's (.pb.gz stays gzip). */
export function partialPath(target: string): string {
  return join(dirname(target), `.partial-${process.pid}-${basename(target)}`);
}

/**
 * Runs `write` on a temporary path beside `target` and renames it onto `target` when `write`
 * resolves; '-' (stdout) is written directly. On a rejection the partial file is removed and the
 * error's message says so; on a signal it is removed, one line said, and the process exits 128+n.
 */
export async function writeReplacing<T>(target: string, write: (path: string) => Promise<T>): Promise<T> {
  if (target === '-') return write(target);
  const partial = partialPath(target);
  const onSignal = (signal: NodeJS.Signals): void => {
    removePartial(partial);
    process.stderr.write(`faultline: interrupted by ${signal}; ${printableText(target)} not written, no partial output left\n`);
    process.exit(128 + constants.signals[signal]);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  try {
    const result = await write(partial);
    await rename(partial, target);
    return result;
  } catch (error) {
    removePartial(partial);
    if (error instanceof Error) error.message = `${error.message}; ${target} not written, no partial output left`;
    throw error;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
