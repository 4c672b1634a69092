// The worker's side of a replay spread over two threads (policy-worker-protocol.ts): it reads the
// input itself from its start, replays it under its policies, cut at the boundaries the other
// thread sends, and answers each boundary with what changed in its engines' findings. Its reading
// must end where the other's did: a file that changed between the readings is an InputError.
import type { Finding } from '../detect/finding.js';
import { InputError } from '../trace/errors.js';
import type { Reopen } from './catch-up.js';
import { findingsChange, type FromPolicyWorker, type ToPolicyWorker } from './policy-worker-protocol.js';
import { createEngines, type ReplayOptions } from './replay-options.js';

/** How the worker talks to the thread that started it. */
export interface PolicyWorkerPort {
  post(message: FromPolicyWorker): void;
  onMessage(listener: (message: ToPolicyWorker) => void): void;
}

/** Replays `open()`'s input under `options.policies`, answering `port`'s boundaries; resolves after `ended`. */
export async function servePolicies(port: PolicyWorkerPort, open: Reopen, options: ReplayOptions): Promise<void> {
  const engines = createEngines(options);
  const boundaries: number[] = [];
  let end: number | undefined;
  let wake: (() => void) | undefined;
  port.onMessage((message) => {
    if (message.kind === 'boundary') boundaries.push(message.events);
    else end = message.events;
    wake?.();
    wake = undefined;
  });
  // The next boundary, once sent; undefined after the end.
  const next = async (): Promise<number | undefined> => {
    while (boundaries.length === 0 && end === undefined) await new Promise<void>((resolve) => (wake = resolve));
    return boundaries.shift();
  };
  let sent: readonly (readonly Finding[])[] = engines.map(() => []);
  const answer = (events: number): void => {
    const lists = engines.map((engine) => engine.findings());
    port.post({
      kind: 'at',
      events,
      changes: lists.map((list, i) => (list === sent[i] ? undefined : findingsChange(sent[i], list))),
      notes: engines.map((engine) => engine.notes()),
    });
    sent = lists;
  };

  const input = await open();
  const changed = (second: string, first: number): InputError =>
    new InputError(input.info.path, `changed while it was read: ${second} events on the second reading, ${first} on the first`);
  let fed = 0;
  let target = await next();
  // Every boundary at `fed` answered (an empty batch makes two the same).
  const answerReached = async (): Promise<void> => {
    while (target === fed) {
      answer(fed);
      target = await next();
    }
  };
  await answerReached();
  for await (const batch of input.batches()) {
    for (let start = 0; start < batch.length;) {
      if (target === undefined) throw changed(`more than ${fed}`, fed);
      const take = Math.min(batch.length - start, target - fed);
      const part = take === batch.length ? batch : batch.slice(start, start + take);
      for (const engine of engines) engine.push(part);
      fed += take;
      start += take;
      await answerReached();
    }
  }
  if (target !== undefined) throw changed(String(fed), target);
  port.post({ kind: 'ended' });
}
