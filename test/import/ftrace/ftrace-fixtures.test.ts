// Captured reproducer traces (test/fixtures/ftrace/<reproducer>-<fs>.txt, from
// ftrace-capture.live.test.ts) read offline: every line reads, and each DIO write faults on
// the file the reproducer mapped, inside the DIO, in the same task.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFtraceParser } from '../../../src/import/ftrace/ftrace-parser.js';
import { isSkip } from '../../../src/import/line-parser.js';
import type { DioBegin, TraceEvent } from '../../../src/trace/event.js';
import { fileKey } from '../../../src/trace/dev.js';

interface Dio { readonly task: TraceEvent; readonly begin: DioBegin; readonly faults: ReadonlySet<string> }

function read(name: string): { events: TraceEvent[]; skipped: number; directionUnknown: number } {
  const parser = createFtraceParser();
  const events: TraceEvent[] = [];
  let skipped = 0;
  readFileSync(new URL(`../../fixtures/ftrace/${name}.txt`, import.meta.url), 'utf8').split('\n').forEach((line, i) => {
    const result = parser.parse(line, i + 1);
    if (result === undefined) return;
    if (isSkip(result)) skipped++;
    else events.push(result);
  });
  return { events, skipped, directionUnknown: parser.stats.directionUnknown };
}

// Each DIO with the files its task faulted on between dioBegin and dioEnd.
function dios(events: readonly TraceEvent[]): Dio[] {
  const open = new Map<number, { task: TraceEvent; begin: DioBegin; faults: Set<string> }>();
  const done: Dio[] = [];
  for (const event of events) {
    const dio = open.get(event.tid);
    if (event.kind === 'dioBegin') open.set(event.tid, { task: event, begin: event.dioBegin, faults: new Set() });
    else if (event.kind === 'fault' && event.fault.source === 'FILE') dio?.faults.add(fileKey(event.fault.dev, event.fault.ino));
    else if (event.kind === 'dioEnd' && dio !== undefined) {
      done.push(dio);
      open.delete(event.tid);
    }
  }
  return done;
}

// Which DIO's destination is faulted on by which: S1 a<-a, S2 a<-b, b<-a, S3 a<-b, b<-c, c<-a.
const SOURCE_OF_DIO: Readonly<Record<string, readonly number[]>> = {
  's1-aa': [0],
  's2-abba': [1, 0],
  's3-ring': [1, 2, 0],
};

describe.each(['ext4', 'xfs'])('captured reproducers on %s', (fs) => {
  it.each(Object.entries(SOURCE_OF_DIO))('%s reads without a skipped line and with known directions', (name) => {
    const { events, skipped, directionUnknown } = read(`${name}-${fs}`);
    expect(skipped).toBe(0);
    expect(directionUnknown).toBe(0);
    expect(events.length).toBeGreaterThan(20);
  });

  it.each(Object.entries(SOURCE_OF_DIO))('%s: each DIO write faults on the mapped file inside the DIO', (name, sources) => {
    const found = dios(read(`${name}-${fs}`).events);
    expect(found).toHaveLength(sources.length);
    const targets = found.map((dio) => fileKey(dio.begin.dev, dio.begin.ino));
    expect(new Set(targets).size).toBe(sources.length);
    found.forEach((dio, i) => {
      expect(dio.begin).toMatchObject({ write: true, pos: 0, len: 4096 });
      expect(dio.begin.buf).not.toBe(0n);
      expect([...dio.faults]).toContain(targets[sources[i]]);
    });
  });

  it('s2-abba runs its two DIOs in two threads of one process', () => {
    const [t1, t2] = dios(read(`s2-abba-${fs}`).events).map((dio) => dio.task);
    expect(t1.tid).not.toBe(t2.tid);
    expect(t1.pid).toBe(t2.pid);
    expect(t1.tid).not.toBe(t1.pid);
  });

  it('s3-ring\'s threads are announced by task events from the main thread', () => {
    const { events } = read(`s3-ring-${fs}`);
    const tasks = events.filter((e) => e.kind === 'task');
    const dioTids = dios(events).map((dio) => dio.task.tid);
    expect(tasks.map((e) => e.tid)).toEqual(expect.arrayContaining(dioTids));
    for (const task of tasks) expect(task).toMatchObject({ kind: 'task', task: { comm: 's3-ring' } });
  });
});
