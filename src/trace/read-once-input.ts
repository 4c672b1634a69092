// The TraceInput shape every reader returns: fresh InputInfo and batches that can be read once.
import { assert } from '../assert.js';
import type { Batch, Header } from './event.js';
import type { InputFormat, InputInfo, TraceInput } from './input.js';
import { createTraceSymbols } from './trace-symbols.js';

/** A TraceInput for `path` whose batches come from `read(info)`, which fills in `info` as it goes. */
export function readOnceInput(
  path: string, format: InputFormat, header: Header | undefined, read: (info: InputInfo) => AsyncIterable<Batch>,
): TraceInput {
  const info: InputInfo = {
    path, format, header, events: 0, lost: 0, complete: false, skipped: 0, skippedSamples: [], symbols: createTraceSymbols(),
  };
  if (header === undefined) delete info.header;
  let started = false;
  return {
    info,
    batches() {
      assert(!started, 'batches() of a trace input can be read once');
      started = true;
      return read(info);
    },
  };
}
