// New engines brought level with one that has replayed the first `count` events of an input: the
// input is read again from its start and those events, no more, are pushed to each (a batch that
// runs past them is cut).
import type { Batch } from '../trace/event.js';
import { InputError } from '../trace/errors.js';
import type { TraceInput } from '../trace/input.js';
import type { Engine } from './replay-engine.js';

/** Opens the input again from its start (a file; not stdin). */
export type Reopen = () => Promise<TraceInput>;

/** Replays the input's first `count` events into each of `engines`; rejects with InputError when it now has fewer. */
export async function catchUp(engines: readonly Engine[], count: number, reopen: Reopen): Promise<void> {
  if (count === 0) return;
  const input = await reopen();
  let fed = 0;
  for await (const batch of input.batches()) {
    const part: Batch = fed + batch.length <= count ? batch : batch.slice(0, count - fed);
    for (const engine of engines) engine.push(part);
    fed += part.length;
    if (fed === count) return;
  }
  throw new InputError(input.info.path, `changed while it was read: ${fed} events on the second reading, ${count} on the first`);
}
