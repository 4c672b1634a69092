// The trace file of a recording, opened before any probe is attached, so a path that cannot
// be written fails at once instead of after the workload ran.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { UsageError } from '../trace/errors.js';

// '-' stays '-' (stdout); a path is created/truncated and resolves once it is open.
export function openRecordOutput(path: string): Promise<Writable | '-'> {
  if (path === '-') return Promise.resolve('-');
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path);
    stream.once('open', () => resolve(stream));
    stream.once('error', (cause) => reject(new UsageError(`-o: expected a writable file, got ${path}: ${cause.message}`, { cause })));
  });
}
