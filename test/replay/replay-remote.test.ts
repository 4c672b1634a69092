import { MessageChannel } from 'node:worker_threads';
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom, map, toArray } from 'rxjs';
import { DEFAULT_GEN_OPTIONS } from '../../src/gen/gen-options.js';
import { writeGeneratedTrace } from '../../src/gen/write-generated-trace.js';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES, type PolicyName } from '../../src/policy/policy.js';
import { checkInput } from '../../src/replay/check-input.js';
import { errorMessage, type FromPolicyWorker, type ToPolicyWorker } from '../../src/replay/policy-worker-protocol.js';
import type { PolicyChannel } from '../../src/replay/remote-policies.js';
import { replay, type Reopen, type StartPolicyWorker } from '../../src/replay/replay.js';
import { servePolicies } from '../../src/replay/serve-policies.js';
import type { Batch, TraceEvent } from '../../src/trace/event.js';
import { InputError } from '../../src/trace/errors.js';
import type { TraceInput } from '../../src/trace/input.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';
import { rebatched } from '../helpers/rebatched-input.js';
import { shiftTasks, writeWithScenarios } from '../helpers/scenario-trace.js';
import { timed, traceHeader } from '../helpers/trace-builders.js';
import { writeTrace } from '../../src/trace/trace-writer.js';

// The policy worker's side served on this thread over a real MessageChannel: every message is
// structured-cloned as between threads (findings with bigint stacks included).
const BATCH = 512;
const dir = traceTempDir();
const lockOnly = dir.path('lock-only.pb');
const dioMixed = dir.path('dio-mixed.pb');
const dioLate = dir.path('dio-late.pb');
const recurring = dir.path('recurring.pb');

beforeAll(async () => {
  const gen = { ...DEFAULT_GEN_OPTIONS, events: 20_000, batchSize: BATCH };
  await writeGeneratedTrace(gen, lockOnly);
  await writeGeneratedTrace({ ...gen, dio: true }, dioMixed);
  const lockEvents = await readAllEvents(await openInput(lockOnly));
  await writeWithScenarios(dioLate, lockEvents, 15_000, BATCH);
  // The seed's S1 and S2 samples three times, by other tasks: their findings recur, counted in place.
  const s1 = await readAllEvents(await openInput('traces/s1-aa.pb'));
  const s2 = await readAllEvents(await openInput('traces/s2-abba-overlap.pb'));
  const samples = (n: number): TraceEvent[] => [...shiftTasks(s1, 50_000 + n * 1000), ...shiftTasks(s2, 60_000 + n * 1000)];
  await writeTrace(recurring, traceHeader(), timed([
    ...lockEvents.slice(0, 3000), ...samples(0), ...lockEvents.slice(3000, 9000), ...samples(1), ...lockEvents.slice(9000, 15_000), ...samples(2), ...lockEvents.slice(15_000),
  ]), { batchSize: BATCH });
});
afterAll(() => dir.remove());

interface Served { readonly start: StartPolicyWorker; readonly started: PolicyName[][]; readonly closed: number }

// Policy workers served here, each reading `open()`.
function served(open: Reopen): Served {
  const started: PolicyName[][] = [];
  let closed = 0;
  const start: StartPolicyWorker = (options) => {
    started.push([...options.policies]);
    const { port1, port2 } = new MessageChannel();
    servePolicies({ post: (m) => port2.postMessage(m), onMessage: (l) => port2.on('message', (m: ToPolicyWorker) => l(m)) }, open, options)
      .catch((error: unknown) => port2.postMessage(errorMessage(error)));
    const channel: PolicyChannel = {
      post: (m) => port1.postMessage(m),
      onMessage: (l) => port1.on('message', (m: FromPolicyWorker) => l(m)),
      onFailure: () => undefined,
      async close() {
        closed += 1;
        port1.close();
      },
    };
    return channel;
  };
  return { start, started, get closed() { return closed; } };
}


// Every emission of a replay: each policy's events, findings and notes, cloned as they were then.
async function emissions(input: TraceInput, policies: readonly PolicyName[], reopen?: Reopen, start?: StartPolicyWorker): Promise<unknown[]> {
  return lastValueFrom(replay(input.batches(), { policies, semantics: 'instance' }, reopen, start).pipe(
    map((engines) => structuredClone(engines.map((e) => ({ events: e.events, findings: e.findings(), notes: e.notes() })))),
    toArray(),
  ));
}

describe('replay with some policies in a policy worker', () => {
  it.each([
    ['mixed from its start', dioMixed, 2], ['mixed from event 15,000', dioLate, 2], ['lock-only', lockOnly, 0],
    ['mixed from event 3,000, its findings recurring', recurring, 2],
  ])('emits after each batch what one engine per policy emits (%s)', async (_name, path, far) => {
    const worker = served(() => openInput(path));
    const separate = await emissions(await openInput(path), POLICY_NAMES);
    expect(separate.length).toBeGreaterThan(30);
    if (path === recurring) {
      // Findings counted again after they were first emitted, differently under each policy.
      const counts = (emission: unknown): string => JSON.stringify((emission as { findings: { count: number }[] }[]).map((e) => e.findings.map((f) => f.count)));
      expect(counts(separate.at(-1))).toMatch(/3/);
      expect(new Set(separate.map(counts)).size).toBeGreaterThan(3);
    }
    expect(await emissions(await openInput(path), POLICY_NAMES, () => openInput(path), worker.start)).toEqual(separate);
    // The later half of the other policies went to the worker; it ended with the replay.
    expect(worker.started).toEqual(far === 0 ? [] : [POLICY_NAMES.slice(-far)]);
    expect(worker.closed).toBe(far === 0 ? 0 : 1);
  });

  it.each([[['naive', 'fdm'] as PolicyName[]], [['mainline', 'naive', 'fdm-ordered'] as PolicyName[]]])('splits %j: the worker takes the later half of the others', async (policies) => {
    const worker = served(() => openInput(dioMixed));
    const separate = await emissions(await openInput(dioMixed), policies);
    expect(await emissions(await openInput(dioMixed), policies, () => openInput(dioMixed), worker.start)).toEqual(separate);
    expect(worker.started).toEqual([policies.slice(-1)]);
  });

  it('cuts the worker\'s batches at this thread\'s boundaries when its reading batches differently', async () => {
    const worker = served(() => rebatched(dioLate, 333));
    const separate = await emissions(await openInput(dioLate), POLICY_NAMES);
    expect(await emissions(await openInput(dioLate), POLICY_NAMES, () => openInput(dioLate), worker.start)).toEqual(separate);
    const all = await checkInput(await rebatched(dioMixed, 1000), POLICY_NAMES, 'lockdep', { reopen: () => openInput(dioMixed), startWorker: served(() => rebatched(dioMixed, 77)).start });
    expect(all.results).toEqual((await checkInput(await openInput(dioMixed), POLICY_NAMES, 'lockdep')).results);
  });

  it.each([
    ['fewer', 1000, /changed while it was read: 1000 events on the second reading, 1024 on the first/],
    ['more', Infinity, /changed while it was read: more than 19000 events on the second reading, 19000 on the first/],
  ])('rejects with an InputError when the worker reads %s events than this thread', async (_name, limit, message) => {
    const worker = served(() => rebatched(dioMixed, BATCH, limit));
    const first = limit === Infinity ? await rebatched(dioMixed, BATCH, 19_000) : await openInput(dioMixed);
    const checked = checkInput(first, POLICY_NAMES, 'instance', { reopen: () => openInput(dioMixed), startWorker: worker.start });
    await expect(checked).rejects.toThrow(InputError);
    await expect(checked).rejects.toThrow(message);
    expect(worker.closed).toBe(1);
  });

  it('rejects with what stopped the worker, and closes it', async () => {
    let closed = false;
    let fail: (error: Error) => void = () => undefined;
    const start: StartPolicyWorker = () => ({
      post: () => undefined,
      onMessage: () => undefined,
      onFailure: (listener) => { fail = listener; },
      async close() { closed = true; },
    });
    const checked = checkInput(await openInput(dioMixed), POLICY_NAMES, 'instance', { reopen: () => openInput(dioMixed), startWorker: start });
    setTimeout(() => fail(new InputError(dioMixed, 'out of memory replaying it')), 50);
    await expect(checked).rejects.toThrow(`${dioMixed}: out of memory replaying it`);
    expect(closed).toBe(true);
  });

  it('emits what was replayed before the input failed, then the input\'s error', async () => {
    const copy = dir.path('copy.pb');
    copyFileSync(dioMixed, copy);
    const failing = async (): Promise<TraceInput> => {
      const input = await rebatched(copy, BATCH, 5000);
      return {
        info: input.info,
        async *batches(): AsyncGenerator<Batch> {
          yield* input.batches();
          throw new InputError(copy, 'truncated record');
        },
      };
    };
    const seen: number[] = [];
    const replayed = replay((await failing()).batches(), { policies: POLICY_NAMES, semantics: 'instance' }, () => openInput(copy), served(() => openInput(copy)).start);
    await expect(lastValueFrom(replayed.pipe(map((engines) => seen.push(engines[3].events))))).rejects.toThrow(`${copy}: truncated record`);
    expect(seen.at(-1)).toBe(5000);
    expect(seen).toHaveLength(Math.ceil(5000 / BATCH));
  });
});
