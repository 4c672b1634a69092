// Open any supported input ('-' is stdin) as a TraceInput: the format recognised from its
// first bytes unless `from` says it, a .pb trace through the trace reader, text through a
// LineParser. Problems a user can cause are InputErrors of one line naming the file.
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { assertUnreachable } from '../assert.js';
import { openByteSource, type ByteSource } from '../trace/byte-source.js';
import { InputError } from '../trace/errors.js';
import type { InputFormat, TraceInput } from '../trace/input.js';
import type { RecycledParts } from '../trace/column-parts.js';
import { openTraceStream } from '../trace/trace-reader.js';
import { openWorkerInput, workerAvailable } from './worker-input.js';
import { DETECT_BYTES, detectFormat } from './detect-format.js';
import { createFtraceParser } from '../import/ftrace/ftrace-parser.js';
import { createJsonlParser } from '../import/jsonl-parser.js';
import { createStdParser } from '../import/std-parser.js';
import { openTextInput } from '../import/text-input.js';

/** How openInput reads: a forced format, and the stream behind '-'. */
export interface OpenInputOptions {
  /** The input's format, instead of recognising it. */
  readonly from?: InputFormat;
  /** The stream '-' reads (default process.stdin). */
  readonly stdin?: Readable;
  /** A .pb trace's batch arrays to reuse (input/decode-worker.ts). */
  readonly recycled?: RecycledParts;
}

function openFormat(source: ByteSource, format: InputFormat, recycled: RecycledParts | undefined): Promise<TraceInput> | TraceInput {
  switch (format) {
    case 'pb': return openTraceStream(source, recycled);
    case 'ftrace': return openTextInput(source, format, createFtraceParser());
    case 'jsonl': return openTextInput(source, format, createJsonlParser());
    case 'std': return openTextInput(source, format, createStdParser());
    default: return assertUnreachable(format);
  }
}

/** Leading blank bytes looked past to find a text trace's first line (they stay in memory). */
export const MAX_LEADING_BLANK_BYTES = 64 << 20;

// Is `byte` a space, tab, newline, vertical tab, form feed or carriage return?
function isBlank(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

// The first bytes to recognise the format by: DETECT_BYTES from the start of the first line that
// is not blank (a jsonl file may open with a million empty lines); the blank head if none is.
async function detectionHead(source: ByteSource): Promise<Buffer> {
  let want = DETECT_BYTES;
  for (;;) {
    const head = await source.peek(want);
    const first = head.findIndex((byte) => !isBlank(byte));
    if (first < 0) {
      if (head.length < want) return head;
      if (want >= MAX_LEADING_BLANK_BYTES) throw new InputError(source.name, `expected a trace, got ${want} blank bytes and no line of text`);
      want *= 2;
      continue;
    }
    const lineStart = head.lastIndexOf(0x0a, first) + 1;
    const more = await source.peek(lineStart + DETECT_BYTES);
    return more.subarray(lineStart);
  }
}

// The input at `path` opened, and its format: `from`, or recognised from its first bytes.
async function openDetected(path: string, options: OpenInputOptions): Promise<{ source: ByteSource; format: InputFormat }> {
  const source = await openByteSource(path, { stdin: options.stdin });
  try {
    const head = options.from === undefined ? await detectionHead(source) : await source.peek(DETECT_BYTES);
    if (head.length === 0) throw new InputError(source.name, 'empty input, expected a trace');
    return { source, format: options.from ?? detectFormat(head, source.name) };
  } catch (error) {
    await source.close();
    throw error;
  }
}

// The opened input read as `format` on this thread; the source closed if that fails.
async function readOpened(source: ByteSource, format: InputFormat, recycled: RecycledParts | undefined): Promise<TraceInput> {
  try {
    return await openFormat(source, format, recycled);
  } catch (error) {
    await source.close();
    throw error;
  }
}

/** Open the trace input at `path`; a .pb trace's header is read before this resolves. */
export async function openInput(path: string, options: OpenInputOptions = {}): Promise<TraceInput> {
  const { source, format } = await openDetected(path, options);
  return readOpened(source, format, options.recycled);
}

/**
 * openInput, with a regular .pb file read and decoded in a worker thread (input/worker-input.ts)
 * so decoding overlaps the replay; everything else as openInput. The format is found here, once:
 * the worker is told it and reads the file with the trace reader.
 */
export async function openInputThreaded(path: string, options: OpenInputOptions = {}): Promise<TraceInput> {
  const { source, format } = await openDetected(path, options);
  if (format === 'pb' && workerAvailable() && (await isRegularFile(path))) {
    await source.close();
    return openWorkerInput(path);
  }
  return readOpened(source, format, options.recycled);
}

// stdin, a pipe or a device is read on this thread.
async function isRegularFile(path: string): Promise<boolean> {
  if (path === '-') return false;
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}
