// pthread_spin_lock for the pthread collector, which bpftrace cannot probe (spin-lock-site.ts):
// two uprobe events of faultline's own (uprobe-events.ts) read through a private tracefs
// instance, the ftrace way: its per-CPU trace_pipe_raw pages merged into time order and
// decoded (spin-lock-decoder.ts); ring-buffer overruns become `lost` events. bpftrace cannot
// attach to a uprobe event either (the kernel takes only kprobe-type BPF programs on one).
//
// Target, as the ftrace collector's: pids go to set_event_pid as every thread they have, with
// event-fork; a comm becomes a `comm == "NAME"` filter (tasks it forks under another comm are
// not followed, unlike pthread.bt); no target traces every task. The events and the instance
// are removed at stop() and at process exit; those of a killed recording at the next start.
// When the libc's code is not the expected one, or tracefs refuses the probes, nothing is
// traced and `meta` says why.
import { writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { EventSink, RecordTarget } from '../source.js';
import { createRingBufferMerge } from '../ftrace/ring-buffer-merge.js';
import { lastRecordTime } from '../ftrace/ring-buffer-page.js';
import { formatField, parseEventFormat } from '../ftrace/event-format.js';
import { openTracefsInstance, type TracefsInstance } from '../ftrace/instance.js';
import { ensureTracefs } from '../ftrace/tracefs-mount.js';
import { pollOverruns } from '../ftrace/overrun-poll.js';
import { stopOnce } from '../ftrace/stop-once.js';
import { removeStaleInstances } from '../ftrace/stale-instances.js';
import { createTracefsTaskNames } from '../ftrace/task-names.js';
import { followNewThreads, threadsOf } from '../proc/process-threads.js';
import { findSpinLockSite, LIBC_PATH } from './spin-lock-site.js';
import { createSpinLockDecoder } from './spin-lock-decoder.js';
import { defineUprobeEvents, removeStaleUprobeEvents, removeUprobeEvents, uprobeGroup, type UprobeEventSpec } from './uprobe-events.js';
import type { LockNamer } from './lock-names.js';

export interface SpinLockProbe {
  /** For the trace header (meta `pthread.spinLock`): where it is probed, or why it is not. */
  readonly meta: string;
  /** Resolves after stop(), or when reading failed (with why). */
  readonly ended: Promise<string | undefined>;
  /** CLOCK_MONOTONIC ns before which every spin_lock event was handed on. */
  watermark(): number;
  /** Records that were not one of the two events. */
  unreadable(): number;
  /** Stops, hands on what the buffers hold, removes the instance and the events. */
  stop(): Promise<void>;
}

/** Ring buffer per CPU, KiB: two ~24-byte records per spin_lock call. */
export const SPIN_BUFFER_KB = 2048;
const REQUEST = 'spin_lock';
const TAKEN = 'spin_taken';

// Defines the probes and starts reading; resolves once they are enabled (or known absent).
export async function startSpinLockProbe(target: RecordTarget, sink: EventSink, nameOf?: LockNamer): Promise<SpinLockProbe> {
  const site = findSpinLockSite();
  if (!site.found) return absentProbe(`not traced: ${site.why}`);
  const root = await ensureTracefs();
  removeStaleInstances(root);
  removeStaleUprobeEvents(root);
  const group = uprobeGroup();
  const specs: UprobeEventSpec[] = [
    { name: REQUEST, path: LIBC_PATH, offset: site.request, args: 'lock=%di:x64' },
    { name: TAKEN, path: LIBC_PATH, offset: site.taken, args: 'lock=%di:x64' },
  ];
  const where = `uprobes at ${LIBC_PATH}:0x${site.request.toString(16)} (request) and 0x${site.taken.toString(16)} (taken)`;
  try {
    defineUprobeEvents(root, group, specs);
  } catch (error) {
    return absentProbe(`not traced: ${(error as Error).message}`);
  }
  const removeEvents = (): void => void removeUprobeEvents(root, group, specs.map((s) => s.name));

  const threads = target.pids === undefined ? undefined : threadsOf(target.pids);
  const events = specs.map((s) => `${group}/${s.name}`);
  let instance: TracefsInstance;
  try {
    instance = await openTracefsInstance({
      events,
      pids: threads,
      filters: target.comm === undefined ? undefined : Object.fromEntries(events.map((e) => [e, `comm == "${target.comm}"`])),
      bufferSizeKb: SPIN_BUFFER_KB,
      handleSignals: false,
      raw: true,
    });
  } catch (error) {
    removeEvents();
    return absentProbe(`not traced: enabling ${where} failed: ${(error as Error).message}`);
  }
  // After the instance's own exit handler, which disables the events first.
  process.on('exit', removeEvents);
  const close = async (): Promise<void> => {
    await instance.close();
    removeEvents();
    process.removeListener('exit', removeEvents);
  };
  if (instance.missing.length > 0) {
    await close();
    return absentProbe(`not traced: tracefs did not create ${instance.missing.join(', ')}`);
  }
  if (target.pids !== undefined) {
    try {
      await followNewThreads(instance.path, target.pids, threads ?? []);
    } catch (error) {
      await close();
      throw error;
    }
  }

  const format = (name: string) => parseEventFormat(readFileSync(`${instance.path}/events/${group}/${name}/format`, 'utf8'), name);
  const request = format(REQUEST);
  const names = createTracefsTaskNames(root);
  const decoder = createSpinLockDecoder(
    { requestId: request.id, takenId: format(TAKEN).id, lock: formatField(request, 'lock') }, names, nameOf,
  );
  const onRecord = (view: DataView, cpu: number, ts: number, start: number, length: number): void => {
    const event = decoder.decode(view, cpu, ts, start, length);
    if (event !== undefined) sink(event);
  };

  const overruns = pollOverruns(instance, sink, 'pthread spin_lock overrun');

  let watermarkNs = 0;
  const layout = instance.pageLayout;
  const merge = createRingBufferMerge(layout);
  const reading = (async (): Promise<string | undefined> => {
    try {
      for await (const read of instance.rawReads()) {
        const lastPage = read.bytes.length - layout.size;
        merge.add(read.cpu, read.bytes, read.drained || lastPage < 0 ? read.startedNs : lastRecordTime(read.bytes, lastPage, layout));
        if (read.lastOfRound) {
          names.refresh();
          watermarkNs = merge.release(onRecord);
        }
      }
      merge.release(onRecord, true);
      return undefined;
    } catch (error) {
      return `pthread: reading the spin_lock events failed: ${(error as Error).message}`;
    } finally {
      watermarkNs = Number.POSITIVE_INFINITY;
    }
  })();

  const stop = stopOnce(instance, reading, overruns, close);
  return {
    meta: where,
    ended: reading.then(async (why) => {
      if (why !== undefined) await stop();
      return why;
    }),
    watermark: () => watermarkNs,
    unreadable: () => decoder.unknown,
    stop,
  };
}

// A probe that traces nothing, for the reason in `meta`.
function absentProbe(meta: string): SpinLockProbe {
  return {
    meta,
    ended: Promise.resolve(undefined),
    watermark: () => Number.POSITIVE_INFINITY,
    unreadable: () => 0,
    stop: async () => undefined,
  };
}

