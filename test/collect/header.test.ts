import { hostname, release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { describeTarget, recordHeader } from '../../src/collect/header.js';
import type { RecordSource } from '../../src/collect/source.js';

// A source as the header sees it: name, meta and missing probes.
function source(name: RecordSource['name'], meta: Record<string, string>, missing: string[] = []): RecordSource {
  return {
    name, meta, missing, ended: Promise.resolve(undefined),
    stop: () => Promise.resolve(), unreadable: () => 0, watermark: () => 0,
  };
}

describe('describeTarget', () => {
  it.each([
    [{ pids: [42] }, ['./ab', 'x'], 'command ./ab x (pid 42)'],
    [{ pids: [42, 43] }, undefined, 'pid 42,43, their threads and children'],
    [{ comm: 'fio' }, undefined, 'comm fio'],
    [{}, undefined, 'all tasks'],
  ])('says %j with command %j as "%s"', (target, command, text) => {
    expect(describeTarget(target, command)).toBe(text);
  });
});

describe('recordHeader', () => {
  it('names the collectors, this host and kernel, and merges their meta with the missing probes', () => {
    const header = recordHeader(
      [source('ftrace', { 'ftrace.events': 'a/b' }, ['iomap/x']), source('pthread', { 'pthread.attached': '12' })],
      'comm fio', 5n,
    );
    expect(header).toEqual({
      version: 1, collector: 'ftrace+pthread', hostname: hostname(), kernel: release(), startUnixNs: 5n, clock: 'mono',
      meta: { target: 'comm fio', 'ftrace.events': 'a/b', 'pthread.attached': '12', missing: 'iomap/x' },
    });
  });
});
