// The pthread collector of `faultline record`: collectors/pthread.bt under bpftrace (every
// pthread call but pthread_spin_lock) and the spin_lock probe (spin-lock-probe.ts), two
// sources each in time order up to its own watermark, merged here into one time order (up to
// the lower watermark) so that spin unlocks are told from spin inits (spin-unlocks.ts).
import type { EventSink, RecordSource, RecordTarget } from '../source.js';
import { createReorderWindow } from '../reorder-window.js';
import { createLockNamer } from './lock-names.js';
import { startSpinLockProbe, type SpinLockProbe } from './spin-lock-probe.js';
import { createSpinUnlocks } from './spin-unlocks.js';

const TICK_MS = 50;
/** Events held for order at most (the lower watermark lags by a poll interval or a bpftrace batch). */
const MAX_HELD_EVENTS = 200_000;

// Starts pthread.bt through `startScript` (which delivers to the sink it is given), then the
// spin_lock probe; resolves once both are attached.
export async function startPthreadSource(
  target: RecordTarget,
  sink: EventSink,
  startScript: (sink: EventSink) => Promise<RecordSource>,
): Promise<RecordSource> {
  const unlocks = createSpinUnlocks();
  // Both inputs are in order: the window only interleaves them, up to the lower watermark.
  // That is read at each tick, never while an input is handing on a batch (the runner moves
  // its watermark before it hands on the events below it).
  let limitNs = 0;
  const merge = createReorderWindow({
    windowNs: 0,
    maxEvents: MAX_HELD_EVENTS,
    limit: () => limitNs,
    onBatch: (batch) => {
      for (const event of batch) sink(unlocks.resolve(event));
    },
  });
  const push: EventSink = (event) => merge.push(event);
  // The spin_lock probe only once pthread.bt is attached: a spin lock seen without the unlock
  // that follows it would stay held.
  const source = await startScript(push);
  let probe: SpinLockProbe;
  try {
    probe = await startSpinLockProbe(target, push, createLockNamer());
  } catch (error) {
    await source.stop();
    throw error;
  }
  // Events the window could not place (only past MAX_HELD_EVENTS) are counted as lost.
  let lateReported = 0;
  const reportLate = (): void => {
    if (merge.late === lateReported) return;
    const count = merge.late - lateReported;
    lateReported = merge.late;
    sink({ ts: nowNs(), tid: 0, pid: 0, cpu: 0, kind: 'lost', lost: { count, source: 'pthread merge late' } });
  };
  const tick = setInterval(() => {
    limitNs = Math.min(source.watermark(), probe.watermark());
    merge.advance(nowNs());
    reportLate();
  }, TICK_MS);
  tick.unref();
  const spinDied = probe.ended.then((why) => why ?? new Promise<undefined>(() => undefined));

  return {
    name: 'pthread',
    meta: { ...source.meta, 'pthread.spinLock': probe.meta },
    missing: source.missing,
    ended: Promise.race([source.ended, spinDied]),
    // Both at once: either one going on alone would record locks without their unlocks, or
    // unlocks without their locks.
    async stop() {
      await Promise.all([source.stop(), probe.stop()]);
      clearInterval(tick);
      merge.flush();
      reportLate();
    },
    unreadable: () => source.unreadable() + probe.unreadable(),
    watermark: () => merge.watermarkTs,
  };
}

// CLOCK_MONOTONIC in ns, the clock of both sources.
function nowNs(): number {
  return Number(process.hrtime.bigint());
}
