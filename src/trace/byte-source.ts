// An input file or stdin as a stream of byte chunks, with read-ahead for format detection.
// Opening checks the things a user gets wrong (missing file, a directory, permissions) and says
// so in one line; read errors later are InputErrors too.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
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

// gzip's magic bytes (RFC 1952).
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

// The stream's chunks, gunzipped (streaming) when it starts with the gzip magic; `first` is the
// first chunk of a stream that is not compressed, already read.
async function gunzipIfCompressed(stream: Readable, name: string): Promise<{ iterator: AsyncIterator<Buffer>; first?: Buffer }> {
  const raw: AsyncIterator<Buffer | string> = stream[Symbol.asyncIterator]();
  let result: IteratorResult<Buffer | string>;
  try {
    result = await raw.next();
  } catch (error) {
    throw new InputError(name, `read failed: ${(error as Error).message}`, { cause: error });
  }
  if (result.done === true) return { iterator: raw as AsyncIterator<Buffer> };
  const first = typeof result.value === 'string' ? Buffer.from(result.value) : result.value;
  if (first.length < 2 || first[0] !== GZIP_MAGIC_0 || first[1] !== GZIP_MAGIC_1) return { iterator: raw as AsyncIterator<Buffer>, first };
  async function* compressed(): AsyncGenerator<Buffer> {
    yield first;
    for (let next = await raw.next(); next.done !== true; next = await raw.next()) {
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  const gunzip = Readable.from(compressed()).pipe(createGunzip());
  return { iterator: gunzip[Symbol.asyncIterator]() };
}

/** Open `path` ('-' for stdin) for reading; gzip-compressed input (.pb.gz) is gunzipped as it streams. */
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
  const { iterator, first } = await gunzipIfCompressed(stream, name);
  const ahead: Buffer[] = first === undefined ? [] : [first];
  let aheadBytes = first?.length ?? 0;
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

  // Ends the reading and closes the file itself (not left to the garbage collector, which
  // warns), also under a gunzip stream whose end does not reach the file's stream.
  const release = async (): Promise<void> => {
    done = true;
    await iterator.return?.();
    stream.destroy();
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
        if (!done && path !== '-') await release();
      }
    },
    async close() {
      if (!done && path !== '-') await release();
    },
  };
}
