// A watch session: a trace (or a recording) paced into the replay engine, its state sampled into
// frames at a steady rate, with speed, pause and policy steered while it runs.
//
// Switching policy: a file is replayed again from its start under the next policy, with one
// engine, so a replay at 'max' costs what `check` costs. An input that can be read only once
// (stdin, a live recording) runs one engine per policy side by side from the start, and switching
// only changes which one is shown: replaying what was kept would mean keeping it all.
import {
  BehaviorSubject, Observable, Subject, asyncScheduler, concat, defer, filter, from, interval, map, merge,
  of, scan, shareReplay, skip, switchMap, takeUntil, type SchedulerLike,
} from 'rxjs';
import { assertUnreachable } from '../assert.js';
import type { Finding, Semantics } from '../detect/finding.js';
import { POLICY_NAMES, type PolicyName } from '../policy/policy.js';
import type { Batch } from '../trace/event.js';
import type { InputInfo, TraceInput } from '../trace/input.js';
import type { ChunkLimits } from './pace-chunks.js';
import { paceBatches } from './pace-batches.js';
import type { PaceControl, PaceSpeed } from './pace-clock.js';
import { paceIterable } from './pace-iterable.js';
import type { Engine, EngineSnapshot } from './replay-engine.js';
import { createEngines, type ReplaySettings } from './replay-options.js';
import { FRAME_MS, frameMsAt, throttleFrames } from './watch-frames.js';
import { RATE_WINDOW_MS, initialRate, stepRate } from './watch-rate.js';

/** What is watched; `label` names it on the dashboard. */
export type WatchSource =
  /** A file: opened again for each policy (the first open may hand over an input already open). */
  | { readonly kind: 'file'; readonly label: string; open(): Promise<TraceInput> }
  /** An input read once (stdin): paced, every policy side by side. */
  | { readonly kind: 'stream'; readonly label: string; readonly input: TraceInput }
  /** Batches as they are recorded: not paced (they come at their own pace), every policy side by side. */
  | { readonly kind: 'live'; readonly label: string; readonly batches$: Observable<Batch> };

export interface WatchSessionOptions {
  readonly source: WatchSource;
  /** The policy shown first. */
  readonly policy: PolicyName;
  /** Semantics and mmap_lock, as `check` replays (replay-options.ts). */
  readonly replay: ReplaySettings;
  /** Initial speed; a live source is always 'max'. */
  readonly speed: PaceSpeed;
  readonly paused: boolean;
  /** At most one frame per `frameMs` (default FRAME_MS); a replay at 'max' per frameMsAt('max', frameMs). */
  readonly frameMs?: number;
  readonly scheduler?: SchedulerLike;
  readonly limits?: ChunkLimits;
}

/** One frame of the session: the shown engine's state and the session around it. */
export interface WatchState {
  readonly source: string;
  readonly policy: PolicyName;
  readonly semantics: Semantics;
  readonly snapshot: EngineSnapshot;
  readonly findings: readonly Finding[];
  /** The input's info (final once `done`); undefined for a live source or before a file is open. */
  readonly info: InputInfo | undefined;
  readonly eventsPerSecond: number;
  /** Events/s once a second, oldest first. */
  readonly history: readonly number[];
  readonly speed: PaceSpeed;
  readonly paused: boolean;
  /** The replay reached the end of its input (or the recording ended). */
  readonly done: boolean;
}

export type WatchCommand =
  | { readonly kind: 'speed'; readonly speed: PaceSpeed }
  | { readonly kind: 'pause'; readonly paused: boolean }
  | { readonly kind: 'next-policy' };

export interface WatchSession {
  /**
   * Frames: at once when subscribed, then at most one per frameMs on progress, steering and once a
   * second, the last change always shown. Shared: the replay starts with the first subscriber and
   * stops with close() or the last unsubscription (an input read once cannot start again).
   * Errors with the input's error (an InputError when nothing could be read).
   */
  readonly state$: Observable<WatchState>;
  command(command: WatchCommand): void;
  /** Stops the replay and completes state$. */
  close(): void;
}

/** The engines of the current replay; `info` and `done` are filled in as it goes. */
interface Run {
  readonly policies: readonly PolicyName[];
  readonly engines: readonly Engine[];
  info: InputInfo | undefined;
  done: boolean;
}

// The policy after `policy` in POLICY_NAMES, round.
export function nextPolicy(policy: PolicyName): PolicyName {
  return POLICY_NAMES[(POLICY_NAMES.indexOf(policy) + 1) % POLICY_NAMES.length];
}

export function createWatchSession(options: WatchSessionOptions): WatchSession {
  const { source } = options;
  const { semantics } = options.replay;
  const scheduler = options.scheduler ?? asyncScheduler;
  const pacing = { scheduler, limits: options.limits };
  const live = source.kind === 'live';
  const frameMs = options.frameMs ?? FRAME_MS;
  const control$ = new BehaviorSubject<PaceControl>({ speed: live ? 'max' : options.speed, paused: options.paused });
  const policy$ = new BehaviorSubject<PolicyName>(options.policy);
  const closed$ = new Subject<void>();
  let run: Run | undefined;

  const startRun = (policies: readonly PolicyName[], info: InputInfo | undefined): Run => {
    run = { policies, engines: createEngines({ ...options.replay, policies }), info, done: false };
    return run;
  };
  // Emits once when the run starts, once per replayed chunk, and once at its end.
  const replayInto = (current: Run, chunks$: Observable<Batch>): Observable<void> => concat(
    of(undefined),
    chunks$.pipe(map((chunk) => {
      for (const engine of current.engines) engine.push(chunk);
    })),
    defer(() => {
      current.done = true;
      return of(undefined);
    }),
  );

  const changes$ = ((): Observable<unknown> => {
    switch (source.kind) {
      case 'file':
        return policy$.pipe(switchMap((policy) => {
          const current = startRun([policy], undefined);
          return from(source.open()).pipe(switchMap((input) => {
            current.info = input.info;
            return replayInto(current, paceIterable(input.batches(), control$, pacing));
          }));
        }));
      case 'stream': {
        const current = startRun(POLICY_NAMES, source.input.info);
        return merge(replayInto(current, paceIterable(source.input.batches(), control$, pacing)), policy$.pipe(skip(1)));
      }
      case 'live': {
        const current = startRun(POLICY_NAMES, undefined);
        return merge(replayInto(current, source.batches$.pipe(paceBatches(control$, pacing))), policy$.pipe(skip(1)));
      }
      default:
        return assertUnreachable(source);
    }
  })();

  const stateOf = (current: Run, eventsPerSecond: number, history: readonly number[]): WatchState => {
    const policy = policy$.value;
    const engine = current.engines[Math.max(0, current.policies.indexOf(policy))];
    const { speed, paused } = control$.value;
    return {
      source: source.label, policy, semantics, snapshot: engine.snapshot(), findings: engine.findings(),
      info: current.info, eventsPerSecond, history, speed, paused, done: current.done,
    };
  };
  const shownEvents = (): number => {
    const current = run;
    return current === undefined ? 0 : current.engines[Math.max(0, current.policies.indexOf(policy$.value))].events;
  };

  const state$ = defer(() => merge(changes$, control$, interval(RATE_WINDOW_MS, scheduler)).pipe(
    filter(() => run !== undefined),
    // A recording comes at its own pace (its 'max' only means unpaced): it keeps the paced frame rate.
    // The end of a replay shows at once rather than at the end of its frame.
    throttleFrames(() => (live ? frameMs : frameMsAt(control$.value.speed, frameMs)), scheduler, () => run?.done === true),
    scan((rate) => stepRate(rate, scheduler.now(), shownEvents()), initialRate(scheduler.now())),
    map((rate) => stateOf(run as Run, rate.eventsPerSecond, rate.history)),
  )).pipe(takeUntil(closed$), shareReplay({ bufferSize: 1, refCount: true }));

  return {
    state$,
    command(command) {
      switch (command.kind) {
        case 'speed':
          if (!live) control$.next({ ...control$.value, speed: command.speed });
          return;
        case 'pause':
          control$.next({ ...control$.value, paused: command.paused });
          return;
        case 'next-policy':
          policy$.next(nextPolicy(policy$.value));
          return;
        default:
          assertUnreachable(command);
      }
    },
    close() {
      closed$.next();
      closed$.complete();
    },
  };
}
