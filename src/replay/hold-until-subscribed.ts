// A hot stream (a recording's batches) kept from the moment it is wrapped: what it emits before
// the first subscriber comes (the dashboard loads Ink and React meanwhile) is held and handed to
// that subscriber first, so a recording shorter than the start-up is shown whole. One subscriber.
import { Observable, type Subscriber } from 'rxjs';

/** `source`, subscribed now; values, completion or error before the subscriber arrives wait for it. */
export function holdUntilSubscribed<T>(source: Observable<T>): Observable<T> {
  const held: T[] = [];
  let end: { readonly error?: unknown; readonly failed: boolean } | undefined;
  let target: Subscriber<T> | undefined;
  const upstream = source.subscribe({
    next: (value) => { if (target === undefined) held.push(value); else target.next(value); },
    error: (error: unknown) => { if (target === undefined) end = { error, failed: true }; else target.error(error); },
    complete: () => { if (target === undefined) end = { failed: false }; else target.complete(); },
  });
  return new Observable<T>((subscriber) => {
    for (const value of held.splice(0)) subscriber.next(value);
    if (end !== undefined) {
      if (end.failed) subscriber.error(end.error); else subscriber.complete();
      return undefined;
    }
    target = subscriber;
    return () => {
      target = undefined;
      upstream.unsubscribe();
    };
  });
}
