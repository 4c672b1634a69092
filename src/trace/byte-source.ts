// An input file or stdin as a stream of byte chunks, with read-ahead for format detection.
// Opening checks the things a user gets wrong (missing file, a directory, permissions) and says
// so in one line; read errors later are InputErrors too.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError } from './errors.js';

/** An opened input, read once as chunks. */
export interface ByteSource {
  /** As given; '-' is stdin. */
  readonly path: string;
  /** For messages: the path, or 'stdin'. */
  readonly name: string;
  /** Up to `n` first bytes (fewer at end of input), read ahead: chunks() still yields them. */
  peek(n: number): Promise<Buffer>;
  /** All bytes in order, the peeked ones first. Iterate once. */
  chunks(): AsyncIterable<Buffer>;
  /** Release the file when chunks() will not be read to its end. */
  close(): Promise<void>;
}

/** Where '-' reads from. */
export interface ByteSourceOptions {
  /** The stream '-' reads (default process.stdin). */
  readonly stdin?: Readable;
}

// Bytes per read from a file.
const CHUNK_BYTES = 1 << 20;

function openError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return new InputError(path, 'no such file', { cause: error });
    case 'EISDIR': return new InputError(path, 'is a directory, expected a trace file', { cause: error });
    case 'EACCES': case 'EPERM': return new InputError(path, 'permission denied', { cause: error });
    default: return new InputError(path, `cannot open: ${(error as Error).message}`, { cause: error });
  }
}

/** Open `path` ('-' for stdin) for reading. */
export async function openByteSource(path: string, options: ByteSourceOptions = {}): Promise<ByteSource> {
  let stream: Readable;
  const name = path === '-' ? 'stdin' : path;
  if (path === '-') {
    stream = options.stdin ?? process.stdin;
  } else {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw openError(path, error);
    }
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw new InputError(path, 'is a directory, expected a trace file');
    }
    stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  }
  const iterator: AsyncIterator<Buffer> = stream[Symbol.asyncIterator]();
  const ahead: Buffer[] = [];
  let aheadBytes = 0;
  let done = false;

  const next = async (): Promise<Buffer | undefined> => {
    if (done) return undefined;
    let result: IteratorResult<Buffer>;
    try {
      result = await iterator.next();
    } catch (error) {
      done = true;
      throw new InputError(name, `read failed: ${(error as Error).message}`, { cause: error });
    }
    if (result.done === true) {
      done = true;
      return undefined;
    }
    return typeof result.value === 'string' ? Buffer.from(result.value) : result.value;
  };

  return {
    path,
    name,
    async peek(n) {
      while (aheadBytes < n) {
        const chunk = await next();
        if (chunk === undefined) break;
        ahead.push(chunk);
        aheadBytes += chunk.length;
      }
      const head = Buffer.concat(ahead);
      return head.length > n ? head.subarray(0, n) : head;
    },
    async *chunks() {
      try {
        while (ahead.length > 0) yield ahead.shift() as Buffer;
        for (let chunk = await next(); chunk !== undefined; chunk = await next()) yield chunk;
      } finally {
        if (!done && path !== '-') await iterator.return?.();
      }
    },
    async close() {
      if (!done && path !== '-') {
        done = true;
        await iterator.return?.();
      }
    },
  };
}
