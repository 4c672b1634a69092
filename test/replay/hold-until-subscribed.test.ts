import { Subject, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { holdUntilSubscribed } from '../../src/replay/hold-until-subscribed.js';

describe('holdUntilSubscribed', () => {
  it('hands a late subscriber everything emitted before it came, then the rest', async () => {
    const source = new Subject<number>();
    const held = holdUntilSubscribed(source);
    for (let i = 0; i < 1000; i++) source.next(i);
    const all = lastValueFrom(held.pipe(toArray()));
    source.next(1000);
    source.complete();
    expect(await all).toEqual(Array.from({ length: 1001 }, (_, i) => i));
  });

  it('keeps a stream that ended before the subscriber came, and its error', async () => {
    const done = new Subject<string>();
    const heldDone = holdUntilSubscribed(done);
    done.next('a');
    done.complete();
    expect(await lastValueFrom(heldDone.pipe(toArray()))).toEqual(['a']);
    const failed = new Subject<string>();
    const heldFailed = holdUntilSubscribed(failed);
    failed.error(new Error('collector died'));
    await expect(lastValueFrom(heldFailed)).rejects.toThrow('collector died');
  });
});
