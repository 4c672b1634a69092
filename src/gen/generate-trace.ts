// The synthetic trace generator: worker tasks take nested locks from a shared pool in one global
// order (so the pool never deadlocks and no lock is taken while another task holds it), with the
// planted AB/BA, ABC and AA cases at evenly spaced points, each done by tasks that hold nothing.
// Deterministic for a seed; it yields whenever the sink holds a batch, so nothing accumulates.
import { makeDev } from '../trace/dev.js';
import type { GenOptions } from './gen-options.js';
import { fixedEvents } from './gen-options.js';
import type { GenSink } from './gen-sink.js';
import { createPrng } from './prng.js';

const PARENT_TID = 1000;
const PID = 1000;
const TS_START = 1_000_000;
const TS_STEP = 100; // ns between events
const ACQUIRE = 0;
const RELEASE = 1;
const TRY_FAILED = 2;
const EXCLUSIVE = 0;
const DIO_DEV = makeDev(254, 0);
const DIO_FILES = 16;

type Plant = { readonly kind: 'abba' | 'abc' | 'aa'; readonly k: number };

/** Generate the trace of `options` into `sink`; yields each time `sink.pending` reaches a batch. */
export function* generateTrace(options: GenOptions, sink: GenSink): Generator<void, void, void> {
  const { tasks: T, locks: L, depth, batchSize } = options;
  const prng = createPrng(options.seed);
  const held: number[][] = Array.from({ length: T }, () => []);
  const target = new Int32Array(T);
  const owner = new Int32Array(L).fill(-1);
  let emitted = 0;
  let totalHeld = 0;
  const tid = (t: number): number => PARENT_TID + 1 + t;
  const ts = (): number => TS_START + emitted * TS_STEP;

  const plants: Plant[] = [];
  for (let k = 0; k < options.abba; k++) plants.push({ kind: 'abba', k });
  for (let k = 0; k < options.abc; k++) plants.push({ kind: 'abc', k });
  for (let k = 0; k < options.aa; k++) plants.push({ kind: 'aa', k });
  // Shuffle, deterministically, so kinds interleave.
  for (let i = plants.length - 1; i > 0; i--) {
    const j = prng.below(i + 1);
    [plants[i], plants[j]] = [plants[j], plants[i]];
  }
  let plantRemaining = fixedEvents(options) - (T + 1);
  let nextPlant = 0;
  const plantAt = (j: number): number => Math.floor(((j + 1) * options.events) / (plants.length + 1));

  const lock = (t: number, op: number, index: number): void => {
    sink.lock(ts(), tid(t), PID, op, index, EXCLUSIVE, false);
    emitted++;
  };
  const release = (t: number): void => {
    const index = held[t].pop() as number;
    if (index < L) owner[index] = -1;
    totalHeld--;
    lock(t, RELEASE, index);
  };

  // Planted cases on fresh locks after the pool; their tasks first release what they hold.
  const emitPlant = (plant: Plant): void => {
    const { k } = plant;
    const base = plant.kind === 'abba' ? L + 2 * k
      : plant.kind === 'abc' ? L + 2 * options.abba + 3 * k
      : L + 2 * options.abba + 3 * options.abc + k;
    const size = plant.kind === 'abba' ? 2 : plant.kind === 'abc' ? 3 : 1;
    const workers = Array.from({ length: size }, (_, i) => (size * k + i) % T);
    for (const t of workers) while (held[t].length > 0) release(t);
    const sections = plant.kind === 'aa' ? [[base, base]] : workers.map((_, i) => [base + i, base + ((i + 1) % size)]);
    sections.forEach(([first, second], i) => {
      const t = workers[i];
      lock(t, ACQUIRE, first); lock(t, ACQUIRE, second); lock(t, RELEASE, second); lock(t, RELEASE, first);
      plantRemaining -= 4;
    });
  };

  // A DIO write to one file, then a fault and a page-cache add on another, none overlapping.
  const emitDio = (t: number): void => {
    const ino = 100 + prng.below(DIO_FILES);
    const other = 100 + ((ino - 100 + 1 + prng.below(DIO_FILES - 1)) % DIO_FILES);
    const pos = 4096 * prng.below(256);
    const common = { tid: tid(t), pid: PID, cpu: 0 };
    sink.event({ ...common, ts: ts(), kind: 'dioBegin', dioBegin: { dev: DIO_DEV, ino, pos, len: 4096, write: true, aio: false, flags: 0, buf: 0n } });
    emitted++;
    sink.event({ ...common, ts: ts(), kind: 'dioEnd', dioEnd: { dev: DIO_DEV, ino, pos, ret: 4096, error: 0 } });
    emitted++;
    sink.event({ ...common, ts: ts(), kind: 'fault', fault: { source: 'FILE', address: 0n, ip: 0n, errorCode: 0, dev: DIO_DEV, ino: other, index: pos / 4096, write: false } });
    emitted++;
    sink.event({ ...common, ts: ts(), kind: 'pagecache', pagecache: { op: 'ADD', dev: DIO_DEV, ino: other, index: pos / 4096, order: 0 } });
    emitted++;
  };

  sink.event({ ts: ts(), tid: PARENT_TID, pid: PID, cpu: 0, kind: 'task', task: { parentTid: 0, comm: 'gen' } });
  emitted++;
  for (let t = 0; t < T; t++) {
    sink.event({ ts: ts(), tid: tid(t), pid: PID, cpu: t % 2, kind: 'task', task: { parentTid: PARENT_TID, comm: `gen-${t}` } });
    emitted++;
  }

  for (;;) {
    if (sink.pending >= batchSize) yield;
    const sum = emitted + totalHeld + plantRemaining;
    if (sum >= options.events) break;
    if (nextPlant < plants.length && emitted >= plantAt(nextPlant)) {
      emitPlant(plants[nextPlant++]);
      continue;
    }
    const t = prng.below(T);
    const h = held[t];
    if (options.dio && h.length === 0 && sum + 4 <= options.events && prng.below(16) === 0) {
      emitDio(t);
      continue;
    }
    if (h.length === 0 && target[t] === 0) target[t] = 1 + prng.below(depth);
    if (h.length < target[t] && sum + 2 <= options.events) {
      const last = h.length === 0 ? -1 : h[h.length - 1];
      const room = L - last - 1;
      const span = Math.max(1, options.window === 0 ? Math.floor(room / (target[t] - h.length))
        : h.length === 0 ? L : Math.min(options.window, room));
      const next = last + 1 + prng.below(span);
      if (next < L && owner[next] === -1) {
        owner[next] = t;
        h.push(next);
        totalHeld++;
        lock(t, ACQUIRE, next);
        continue;
      }
      target[t] = h.length; // the way on is taken: unwind
    }
    if (h.length > 0) {
      release(t);
      if (h.length === 0) target[t] = 0;
    } else if (sum + 1 === options.events) {
      lock(t, TRY_FAILED, prng.below(L));
    } else {
      target[t] = 0;
    }
  }
  while (nextPlant < plants.length) emitPlant(plants[nextPlant++]);
  for (let t = 0; t < T; t++) while (held[t].length > 0) release(t);
}
