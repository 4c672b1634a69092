// Events out as jsonl: one canonical JSON Event per line (`faultline convert --to jsonl`).
import type { Writable } from 'node:stream';
import type { Batch } from '../trace/event.js';
import { formatEventJson } from '../trace/event-json.js';
import { openOutput } from '../trace/output-sink.js';

/** Write `batches` as jsonl to a path, '-' (stdout) or a Writable; the number of events written. */
export async function exportJsonl(batches: AsyncIterable<Batch>, out: string | Writable): Promise<number> {
  const sink = openOutput(out);
  let events = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let text = '';
    for (const event of batch) text += `${formatEventJson(event)}\n`;
    await sink.send(text);
    events += batch.length;
  }
  await sink.end();
  return events;
}
