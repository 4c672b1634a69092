// A generated trace to a path, '-' (stdout) or a Writable, batch by batch with backpressure
// (never the whole trace in memory); gzip level 1 when the path ends in .gz.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Footer } from '../trace/event.js';
import { UsageError } from '../trace/errors.js';
import { footerToProto, headerToProto } from '../trace/header-proto.js';
import { openOutput } from '../trace/output-sink.js';
import { encodeRecord } from '../trace/trace-writer.js';
import { TRACE_MAGIC, TRACE_VERSION } from '../trace/trace-schema.js';
import { generateTrace } from './generate-trace.js';
import type { GenOptions } from './gen-options.js';
import { createRecordGenSink } from './record-gen-sink.js';

/** Write the trace of `options` to `out`; the footer written. */
export async function writeGeneratedTrace(options: GenOptions, out: string | Writable): Promise<Footer> {
  let target: string | Writable = out;
  let written: Promise<void> | undefined;
  if (typeof out === 'string' && out.endsWith('.gz')) {
    const gzip = createGzip({ level: 1 });
    // A failing file (a full disk) fails the gzip stream too, and so the next send.
    written = pipeline(gzip, createWriteStream(out)).catch((error: unknown) => {
      throw new UsageError(`${out}: cannot write: ${(error as Error).message}`, { cause: error });
    });
    written.catch(() => undefined);
    target = gzip;
  }
  const sink = openOutput(target, typeof out === 'string' ? out : undefined);
  const header = {
    version: TRACE_VERSION, collector: 'gen', hostname: '', kernel: '', startUnixNs: 0n, clock: 'synthetic',
    meta: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])),
  };
  await sink.send(Buffer.concat([TRACE_MAGIC, encodeRecord({ header: headerToProto(header) })]));
  const records = createRecordGenSink();
  for (const _ of generateTrace(options, records)) await sink.send(records.takeRecord());
  if (records.pending > 0) await sink.send(records.takeRecord());
  const footer: Footer = { events: options.events, lost: 0, complete: true, endNs: records.lastTs };
  await sink.send(encodeRecord({ footer: footerToProto(footer) }));
  await sink.end();
  await written;
  return footer;
}
