// A tracefs instance's events from its per-CPU trace_pipe_raw files: each round of drains is
// merged into time order (up to what every CPU has been read to), decoded, and handed on
// with the mappings its mmap syscalls and faults resolve. With stacks, each event waits for
// the kernel_stack and user_stack records that follow it on its CPU (stack-records.ts)
// and is handed on with their frames, kernel first, at the next event of that CPU or at the
// end of the round; the kernel faults that reading a user stack takes are left out. File
// operations pass through the file-op gate, which holds each until its fd lookups are proven.
// A gap in a CPU's pages (the writer lapped the reader) is a `lost` event of every task there.
import { readFileSync } from 'node:fs';
import type { TraceEvent } from '../../trace/event.js';
import { createFtraceRawDecoder, type RawRecord } from './raw-decoder.js';
import type { MmapResolver } from './mmap-resolver.js';
import type { FdTable, FdUse } from './fd-table.js';
import { createFileOpGate } from './file-op-gate.js';
import { createRingBufferMerge } from './ring-buffer-merge.js';
import { readFtraceStackRecords } from './stack-records.js';
import { readKernelSymbols, type KernelSymbols } from '../symbols/kernel-symbols.js';
import { lastRecordTime } from './ring-buffer-page.js';
import { parseEventFormat } from './event-format.js';
import type { TracefsInstance } from './instance.js';
import type { TracefsTaskNames } from './task-names.js';

export interface RawStreamOptions {
  readonly names: TracefsTaskNames;
  readonly mmaps: MmapResolver;
  /** The capture's fds, for file operations (none are made without). */
  readonly files?: FdTable;
  readonly onEvent: (event: TraceEvent) => void;
  /** The instance was opened with `stacks`: attach its stack records to the events. */
  readonly stacks?: boolean;
  /** After each round: every event before this CLOCK_MONOTONIC ns has been handed on. */
  readonly onWatermark?: (ns: number) => void;
}

export interface RawStream {
  /** Resolves when the instance's reads end (stopped and drained, or closed); rejects when a read fails. */
  readonly done: Promise<void>;
  /** Events lost in the gaps the pages told, as counted in the `lost` events emitted there. */
  lostCounted(): number;
  /** Records of no event faultline reads, so far. */
  unknown(): number;
  /** File operations not recorded so far: their fd's file not known or not proven (fd-table.ts), or FICLONERANGE. */
  fileOpsUnrecorded(): number;
  /** Enabled events ("system/event") whose format lacks a field faultline reads, with why; their records are not read. */
  readonly unsupported: readonly { readonly event: string; readonly why: string }[];
}

/** Starts reading `instance` (opened with `raw`); its enabled events' formats are read now. */
export function streamRawEvents(instance: TracefsInstance, options: RawStreamOptions): RawStream {
  const { names, mmaps, files, onEvent } = options;
  const formats = instance.enabled.map((event) => parseEventFormat(readFileSync(`${instance.path}/events/${event}/format`, 'utf8'), event));
  const decoder = createFtraceRawDecoder(formats, names, mmaps, files);
  const unsupported = decoder.unsupported.map(({ name, why }) => ({ event: instance.enabled[formats.findIndex((f) => f.name === name)], why }));
  const layout = instance.pageLayout;
  let lostCounted = 0;
  // A gap in a CPU's records: every task may have lost events there (the count, when the page
  // stored it; the rest is counted when the recording stops).
  const merge = createRingBufferMerge(layout, (cpu, ts, count) => {
    const known = count === 'unknown' ? 0 : count;
    lostCounted += known;
    onEvent({ ts, tid: 0, pid: 0, cpu, kind: 'lost', lost: { count: known, source: 'ftrace overrun' } });
  });
  // One record object, reused: decode() keeps none of it.
  const record: RawRecord = { view: new DataView(new ArrayBuffer(0)), ts: 0, cpu: 0, start: 0, length: 0 };
  const stackRecords = options.stacks === true ? readFtraceStackRecords(instance.path) : undefined;
  const gate = createFileOpGate(onEvent);
  // The fd lookups each fileOp BEGIN made, until it is delivered.
  const usesOf = new Map<TraceEvent, readonly FdUse[]>();
  const deliver = (event: TraceEvent, decoded: TraceEvent = event): void => {
    const uses = usesOf.get(decoded) ?? [];
    usesOf.delete(decoded);
    gate.offer(event, uses);
    const resolved = mmaps.afterEvent(event);
    if (resolved !== undefined) onEvent(resolved);
  };
  // Per CPU, the last event and the stack frames read after it so far.
  const waiting = new Map<number, { event: TraceEvent; kernel?: bigint[]; user?: bigint[] }>();
  const deliverWaiting = (cpu: number): void => {
    const w = waiting.get(cpu);
    if (w === undefined) return;
    waiting.delete(cpu);
    if (w.kernel !== undefined && isCaptureFault(w.event, w.kernel)) return;
    const stack = [...(w.kernel ?? []), ...(w.user ?? [])];
    deliver(stack.length === 0 ? w.event : { ...w.event, stack }, w.event);
  };
  const onRecord = (view: DataView, cpu: number, ts: number, start: number, length: number): void => {
    if (stackRecords !== undefined && length >= 8) {
      const stack = stackRecords.framesOf(view, start, length);
      if (stack !== undefined) {
        const w = waiting.get(cpu);
        // The task's own event only (an interrupt's event may come between).
        if (w !== undefined && w.event.tid === view.getInt32(start + 4, true)) {
          if (stack.user) w.user ??= stack.frames;
          else w.kernel ??= stack.frames;
        }
        return;
      }
    }
    record.view = view;
    record.cpu = cpu;
    record.ts = ts;
    record.start = start;
    record.length = length;
    const event = decoder.decode(record);
    const uses = files?.takeUses();
    if (event !== undefined && uses !== undefined && uses.length > 0) usesOf.set(event, uses);
    if (event === undefined) {
      // The stack records after a state-only record (a syscall) are its own.
      if (stackRecords !== undefined) deliverWaiting(cpu);
      return;
    }
    if (stackRecords === undefined) {
      deliver(event);
      return;
    }
    deliverWaiting(cpu);
    waiting.set(cpu, { event });
  };
  // Reading a user stack faults where its frame chain leads off the mapped stack: such a kernel
  // fault, taken inside stack_trace_save_user, is the capture's own and not the task's.
  let kernelSymbols: KernelSymbols | undefined;
  const isCaptureFault = (event: TraceEvent, kernel: readonly bigint[]): boolean => {
    if (event.kind !== 'fault' || event.fault.source !== 'KERNEL') return false;
    kernelSymbols ??= readKernelSymbols();
    return kernel.some((addr) => kernelSymbols!.lookup(addr)?.symbol === 'stack_trace_save_user');
  };
  const deliverAll = (): void => {
    for (const cpu of [...waiting.keys()]) deliverWaiting(cpu);
  };
  const done = (async (): Promise<void> => {
    for await (const read of instance.rawReads()) {
      // A CPU read to its end holds nothing unread older than the drain's start; else,
      // nothing older than the last record read.
      const { bytes } = read;
      const lastPage = bytes.length - layout.size;
      merge.add(read.cpu, bytes, read.drained || lastPage < 0 ? read.startedNs : lastRecordTime(bytes, lastPage, layout));
      if (read.lastOfRound) {
        names.refresh();
        const watermark = merge.release(onRecord);
        deliverAll();
        gate.decodedUpTo(watermark);
        options.onWatermark?.(Math.min(watermark, gate.oldestHeld() - 1));
      }
    }
    merge.release(onRecord, true);
    deliverAll();
    gate.flush();
  })();
  return { done, lostCounted: () => lostCounted, unknown: () => decoder.unknown, fileOpsUnrecorded: () => decoder.fileOpsUnresolved + gate.stale, unsupported };
}
