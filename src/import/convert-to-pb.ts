// Any input to a .pb trace (`faultline convert`): the events as read, with a Header whose
// collector is `convert:<format>`; a .pb input keeps its header's host, kernel and clock, and
// the footer passes on the input's completeness and lost count.
import type { Writable } from 'node:stream';
import type { Footer, Header } from '../trace/event.js';
import type { TraceInput } from '../trace/input.js';
import { TRACE_VERSION } from '../trace/trace-schema.js';
import { createTraceWriter } from '../trace/trace-writer.js';

/** The Header of a trace converted from `input`; meta.source names the input. */
export function convertedHeader(input: TraceInput): Header {
  const { format, path, header } = input.info;
  return {
    version: TRACE_VERSION,
    collector: `convert:${format}`,
    hostname: header?.hostname ?? '',
    kernel: header?.kernel ?? '',
    startUnixNs: header?.startUnixNs ?? 0n,
    clock: header?.clock ?? (format === 'std' ? 'synthetic' : format === 'ftrace' ? 'ftrace' : ''),
    meta: { ...header?.meta, source: path },
  };
}

/**
 * Write all of `input` as a .pb trace to a path, '-' (stdout) or a Writable; the footer written.
 * An input without events rejects with its InputError (the output then holds no footer).
 */
export async function convertToPb(input: TraceInput, out: string | Writable): Promise<Footer> {
  const writer = createTraceWriter(out, convertedHeader(input));
  for await (const batch of input.batches()) await writer.write(batch);
  return writer.close({ complete: input.info.complete, lost: input.info.lost });
}
