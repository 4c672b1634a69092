import { map, take, takeWhile } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { PolicyName } from '../../src/policy/policy.js';
import { createWatchSession, nextPolicy, type WatchCommand, type WatchState } from '../../src/replay/watch-session.js';
import type { Batch } from '../../src/trace/event.js';
import { acquire, release } from '../helpers/trace-builders.js';
import { NS_PER_MS, watchScheduler } from '../helpers/watch-batches.js';

const A = 0xa;
const B = 0xb;
// Task 1 takes A then B; task 2, later, B then A: an AB/BA order inversion under every policy.
const batches: Record<string, Batch> = {
  a: [acquire(1, A, 'EXCLUSIVE', { ts: 0 }), acquire(1, B, 'EXCLUSIVE', { ts: 1 }), release(1, B, { ts: 2 }), release(1, A, { ts: 3 })],
  b: [acquire(2, B, 'EXCLUSIVE', { ts: 30 * NS_PER_MS }), acquire(2, A, 'EXCLUSIVE', { ts: 31 * NS_PER_MS })],
  c: [release(2, A, { ts: 330 * NS_PER_MS })],
};

interface Frame { readonly events: number; readonly findings: number; readonly done: boolean; readonly paused?: boolean; readonly policy?: PolicyName }
const frameOf = (s: WatchState): Frame => ({ events: s.snapshot.events, findings: s.findings.length, done: s.done, paused: s.paused, policy: s.policy });
const f = (events: number, findings: number, done: boolean, more: Partial<Frame> = {}): Frame =>
  ({ events, findings, done, paused: false, policy: 'naive', ...more });

describe('watch session', () => {
  it('shows a live recording at most once per frame, the newest state at the end of each, and its end at once', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const session = createWatchSession({
        source: { kind: 'live', label: 'live', batches$: cold('a 29ms b 299ms c|', batches) },
        policy: 'naive', replay: { semantics: 'predictive' }, speed: 1, paused: false, frameMs: 100,
      });
      const frames$ = session.state$.pipe(takeWhile((s) => !s.done, true), take(10), map(frameOf));
      expectObservable(frames$).toBe('s 99ms t 229ms c (d|)', {
        s: f(0, 0, false), t: f(6, 1, false), c: f(7, 1, false), d: f(7, 1, true),
      });
    });
  });

  it('holds a live recording while paused and catches up on resume', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const session = createWatchSession({
        source: { kind: 'live', label: 'live', batches$: cold('a 29ms b|', batches) },
        policy: 'naive', replay: { semantics: 'predictive' }, speed: 1, paused: false, frameMs: 100,
      });
      const commands: Record<string, WatchCommand> = { p: { kind: 'pause', paused: true }, r: { kind: 'pause', paused: false } };
      cold('10ms p 189ms r', commands).subscribe((c) => session.command(c));
      const frames$ = session.state$.pipe(takeWhile((s) => !s.done, true), take(10), map(frameOf));
      expectObservable(frames$).toBe('s 99ms p 99ms (d|)', {
        s: f(0, 0, false), p: f(4, 0, false, { paused: true }), d: f(6, 1, true),
      });
    });
  });

  it('switches which policy is shown at once for an input read once, every engine having seen every event', () => {
    watchScheduler().run(({ cold, expectObservable }) => {
      const session = createWatchSession({
        source: { kind: 'live', label: 'live', batches$: cold('(ab)', batches) },
        policy: 'naive', replay: { semantics: 'predictive' }, speed: 1, paused: false, frameMs: 100,
      });
      cold('500ms n', { n: { kind: 'next-policy' } as const }).subscribe((c) => session.command(c));
      const frames$ = session.state$.pipe(map(frameOf), takeWhile((s) => s.policy === 'naive', true), take(10));
      expectObservable(frames$).toBe('s 99ms t 399ms (n|)', { s: f(0, 0, false), t: f(6, 1, false), n: f(6, 1, false, { policy: 'fdm' }) });
    });
  });

  it.each<[PolicyName, PolicyName]>([['naive', 'fdm'], ['fdm', 'fdm-ordered'], ['fdm-ordered', 'mainline'], ['mainline', 'naive']])(
    'the policy after %s is %s',
    (policy, next) => expect(nextPolicy(policy)).toBe(next),
  );
});
