// Policies replayed in a worker thread (serve-policies.ts), seen from the thread that replays the
// others: it sends each batch boundary as it takes the batch, and takes the worker's answers in
// the same order, as engines settled at that boundary (settled-engine.ts): each policy's findings
// are then those of the same event count, whichever thread replayed them.
import { assertUnreachable } from '../assert.js';
import type { Finding } from '../detect/finding.js';
import type { PolicyName } from '../policy/policy.js';
import { InputError } from '../trace/errors.js';
import { applyFindingsChange, type FromPolicyWorker, type ToPolicyWorker } from './policy-worker-protocol.js';
import type { Engine } from './replay-engine.js';
import type { ReplayOptions } from './replay-options.js';
import { settledEngine } from './settled-engine.js';

/** A started policy worker. */
export interface PolicyChannel {
  post(message: ToPolicyWorker): void;
  onMessage(listener: (message: FromPolicyWorker) => void): void;
  /** The worker stopped other than by an error it sent (its heap exhausted, it exited): the error to report. */
  onFailure(listener: (error: Error) => void): void;
  /** Ends the worker (at once, wherever it is). */
  close(): Promise<void>;
}

/** Starts a worker replaying the input, from a reading of its own, under `options.policies`. */
export type StartPolicyWorker = (options: ReplayOptions) => PolicyChannel;

export interface RemotePolicies {
  /** The input's first `events` events make a batch boundary (sent in increasing order). */
  boundary(events: number): void;
  /** Whether the next boundary's answer has come. */
  ready(): boolean;
  /** The worker's engines at the next boundary not yet taken (waiting for them); rejects with what stopped it. */
  take(): Promise<readonly Engine[]>;
  /** The input ended at `events` (the last boundary): resolves when the worker's reading ended there too. */
  end(events: number): Promise<void>;
  close(): Promise<void>;
}

export function createRemotePolicies(channel: PolicyChannel, policies: readonly PolicyName[]): RemotePolicies {
  let lists: readonly (readonly Finding[])[] = policies.map(() => []);
  const answers: (readonly Engine[])[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const woken = (): void => {
    wake?.();
    wake = undefined;
  };
  channel.onMessage((message) => {
    switch (message.kind) {
      case 'at': {
        const before = lists;
        lists = message.changes.map((change, i) => (change === undefined ? before[i] : applyFindingsChange(before[i], change)));
        answers.push(lists.map((list, i) => settledEngine(message.events, list, message.notes[i])));
        break;
      }
      case 'ended':
        ended = true;
        break;
      case 'error':
        failure ??= message.file === undefined ? Object.assign(new Error(message.message), { name: message.name }) : new InputError(message.file, message.message);
        break;
      default:
        assertUnreachable(message);
    }
    woken();
  });
  channel.onFailure((error) => {
    failure ??= error;
    woken();
  });
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      if (failure !== undefined) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  return {
    boundary: (events) => channel.post({ kind: 'boundary', events }),
    ready: () => answers.length > 0,
    async take() {
      await until(() => answers.length > 0);
      return answers.shift()!;
    },
    async end(events) {
      channel.post({ kind: 'end', events });
      await until(() => ended);
    },
    close: () => channel.close(),
  };
}
