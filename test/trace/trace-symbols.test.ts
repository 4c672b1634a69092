// Symbols records: written by the trace writer before the batches that refer to them, read back
// by every reader (this thread, the decode worker, protobufjs) into the input's table, with
// each event's stackId turned back into its stack.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput, openInputThreaded } from '../../src/input/open-input.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { eventFromProto, eventToProto } from '../../src/trace/event-proto.js';
import { EventType } from '../../src/trace/trace-schema.js';
import { createTraceSymbols, type SymbolsDelta } from '../../src/trace/trace-symbols.js';
import { createTraceWriter } from '../../src/trace/trace-writer.js';
import { acquire, KERNEL_ADDRESS, release, traceHeader } from '../helpers/trace-builders.js';

const USER = 0x5581a8c3b040n;
const DELTA: SymbolsDelta = {
  stacks: [{ id: 1, pid: 7, addrs: [KERNEL_ADDRESS, USER] }],
  frames: [
    { pid: 0, addr: KERNEL_ADDRESS, symbol: '__x64_sys_pwrite64', offset: 0x53, size: 0x90 },
    { pid: 7, addr: USER, symbol: 'main', offset: 0x2a, module: '/tmp/ab', buildId: 'ab12', file: '/src/ab.c', line: 41 },
  ],
  files: [{ dev: 0xfe00000, ino: 12, path: '/mnt/test/A', deleted: false }, { dev: 0xfe00000, ino: 13, deleted: true }],
};

describe('Symbols records', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-symbols-'));
    path = join(dir, 'trace.pb');
    const writer = createTraceWriter(path, traceHeader(), { batchSize: 2 });
    await writer.write([acquire(7, 1, 'EXCLUSIVE', { ts: 1, pid: 7 })]);
    await writer.symbols(DELTA);
    const withId: TraceEvent = { ...acquire(7, 2, 'EXCLUSIVE', { ts: 2, pid: 7, stack: DELTA.stacks[0].addrs }), stackId: 1 };
    await writer.write([withId, release(7, 2, { ts: 3, pid: 7 })]);
    await writer.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([['this thread', openInput], ['the decode worker', openInputThreaded]] as const)(
    'are read into the table and stack ids back into stacks (%s)', async (_name, open) => {
      const input = await open(path);
      const events: TraceEvent[] = [];
      for await (const batch of input.batches()) events.push(...batch);
      expect(events.map((e) => e.stack)).toEqual([undefined, DELTA.stacks[0].addrs, undefined]);
      expect(events[1].stackId).toBe(1);
      const symbols = input.info.symbols!;
      expect(symbols.framesOf(events[1].stack!)).toEqual(DELTA.frames);
      expect(symbols.fileOf(0xfe00000, 12)?.path).toBe('/mnt/test/A');
      expect(symbols.fileOf(0xfe00000, 13)).toEqual({ dev: 0xfe00000, ino: 13, deleted: true });
      expect(input.info.skipped).toBe(0);
    });

  it('writes the id alone for an event that has both, and protobufjs reads it back', () => {
    const event: TraceEvent = { ...acquire(7, 2, 'EXCLUSIVE', { stack: [1n, 2n] }), stackId: 3 };
    const bytes = EventType.encode(eventToProto(event)).finish();
    const back = eventFromProto(EventType.decode(bytes) as never);
    expect(back.stackId).toBe(3);
    expect(back.stack).toBeUndefined();
  });

  it('gives the bare address for a frame the trace did not symbolize, user frames per process', () => {
    const table = createTraceSymbols();
    table.add(DELTA);
    table.add({ stacks: [{ id: 2, pid: 8, addrs: [USER, 5n] }], frames: [], files: [] });
    expect(table.framesOf(table.stack(2)!)).toEqual([{ pid: 8, addr: USER }, { pid: 8, addr: 5n }]);
    // A stack that did not come from the table (an inline one): user addresses by themselves.
    expect(table.framesOf([USER])[0].symbol).toBe('main');
  });
});

describe('a trace writer given events of another trace', () => {
  it('writes their stacks inline, not stack ids it has no record of', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-symbols-'));
    try {
      const path = join(dir, 'converted.pb');
      const writer = createTraceWriter(path, traceHeader());
      await writer.write([{ ...acquire(7, 2, 'EXCLUSIVE', { ts: 2, stack: [1n, 2n] }), stackId: 9 }]);
      await writer.close();
      const input = await openInput(path);
      const events: TraceEvent[] = [];
      for await (const batch of input.batches()) events.push(...batch);
      expect(events.map((e) => [e.stack, e.stackId])).toEqual([[[1n, 2n], undefined]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
