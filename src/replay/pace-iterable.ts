// Pacing a pulled input (a trace file, stdin): the next batch is read only when the previous one
// has been replayed, so a paused or slow replay never reads ahead more than one batch.
import { Observable, defer, finalize, from, of, repeat, takeWhile, concatMap } from 'rxjs';
import type { Batch } from '../trace/event.js';
import { withPacer, type PaceOptions } from './pace-batches.js';
import type { PaceControl } from './pace-clock.js';

const END = Symbol('end of input');

// The batches of `batches` as paced chunks; unsubscribing returns (closes) the iterator.
export function paceIterable(
  batches: AsyncIterable<Batch>,
  control$: Observable<PaceControl>,
  options: PaceOptions = {},
): Observable<Batch> {
  return withPacer(control$, options, (pace) => defer(() => {
    const iterator = batches[Symbol.asyncIterator]();
    // One pull and its replay per round; `repeat` starts the next round when this one completes.
    return defer(() => from(iterator.next())).pipe(
      concatMap((result) => (result.done === true ? of(END) : pace(result.value))),
      repeat(),
      takeWhile((chunk): chunk is Batch => chunk !== END),
      // Closes the input when unsubscribed early; after the end it is a no-op. Nobody waits for it.
      finalize(() => void iterator.return?.().catch(() => undefined)),
    );
  }));
}
