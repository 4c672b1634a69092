// The end of a recording read from a tracefs instance, done once however often it is asked for:
// tracing off, the reader drained, the last overruns counted, the instance closed, in that order.
import type { OverrunPoll } from './overrun-poll.js';

/** A stop() that runs the steps the first time and returns the same promise after. */
export function stopOnce(instance: { stop(): Promise<void> }, reading: Promise<unknown>, overruns: OverrunPoll, close: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      await instance.stop().catch(() => undefined);
      await reading;
      await overruns.finish();
      await close();
    })();
    return stopping;
  };
}
