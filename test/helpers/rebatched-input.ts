// A trace file read with its batches cut at another size, for replays that must not depend on
// where the reader cuts them (a second reading of the same input, a policy worker's own reading).
import { openInput } from '../../src/input/open-input.js';
import type { Batch, TraceEvent } from '../../src/trace/event.js';
import type { TraceInput } from '../../src/trace/input.js';

/** The input at `path`, its batches cut every `size` events instead, its first `limit` events only. */
export async function rebatched(path: string, size: number, limit = Infinity): Promise<TraceInput> {
  const input = await openInput(path);
  return {
    info: input.info,
    async *batches(): AsyncGenerator<Batch> {
      let pending: TraceEvent[] = [];
      let seen = 0;
      for await (const batch of input.batches()) {
        for (const event of batch) {
          if (seen++ >= limit) break;
          pending.push(event);
          if (pending.length === size) {
            yield pending;
            pending = [];
          }
        }
      }
      if (pending.length > 0) yield pending;
    },
  };
}
