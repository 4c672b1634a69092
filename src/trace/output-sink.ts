// Where a trace or an export goes: a path, '-' (stdout) or a Writable. Each send is one write
// call, and waits for 'drain' when the stream asks it to (backpressure).
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { UsageError } from './errors.js';

/** An opened output taking whole chunks in order. */
export interface OutputSink {
  /** The path, or 'stdout'. */
  readonly name: string;
  /** Write one chunk in one write call; resolves when the stream can take more. */
  send(chunk: Uint8Array | string): Promise<void>;
  /** Flush and, for a path or a Writable (not stdout), end the stream. */
  end(): Promise<void>;
}

/**
 * An output sink for `out`; a failing stream (unwritable path, EPIPE, a full disk) rejects the
 * next send or end. `name` names a Writable in messages (a file stream's path by default).
 */
export function openOutput(out: string | Writable, name = nameOf(out)): OutputSink {
  const stream: Writable = out === '-' ? process.stdout : typeof out === 'string' ? createWriteStream(out) : out;
  let failure: Error | undefined;
  const wrap = (error: unknown): Error =>
    new UsageError(`${name}: cannot write: ${(error as Error).message}`, { cause: error });
  stream.on('error', (error) => { failure ??= wrap(error); });

  const waitDrain = (): Promise<void> => new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error === undefined) resolve(); else reject(error);
    };
    const onDrain = (): void => done();
    const onError = (error: Error): void => done(failure ?? wrap(error));
    const onClose = (): void => done(failure ?? wrap(new Error('stream closed')));
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });

  return {
    name,
    async send(chunk) {
      if (failure !== undefined) throw failure;
      if (!stream.write(chunk)) await waitDrain();
      // A synchronous stream (stdout to a file) records its error now and emits it a tick later.
      if (stream.errored !== null && stream.errored !== undefined) failure ??= wrap(stream.errored);
      if (failure !== undefined) throw failure;
    },
    async end() {
      if (failure !== undefined) throw failure;
      if (out === '-') {
        await new Promise<void>((resolve) => stream.write('', (error) => {
          if (error !== undefined && error !== null) failure ??= wrap(error);
          resolve();
        }));
      } else {
        stream.end();
        try {
          await finished(stream);
        } catch (error) {
          throw failure ?? wrap(error);
        }
      }
      if (failure !== undefined) throw failure;
    },
  };
}

// 'stdout', the path, or a file stream's own path.
function nameOf(out: string | Writable): string {
  if (out === '-') return 'stdout';
  if (typeof out === 'string') return out;
  const path = (out as { path?: unknown }).path;
  return typeof path === 'string' ? path : 'output stream';
}
