// openInputThreaded as the build runs it (the decode worker exists only in dist/): a .pb file is
// read in the worker, told its format, and gives what openInput gives; other inputs are read
// on this thread.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEventJson } from '../../src/trace/event-json.js';
import type { TraceEvent } from '../../src/trace/event.js';
import type { TraceInput } from '../../src/trace/input.js';
import { writeTrace } from '../../src/trace/trace-writer.js';
import { openInput } from '../../src/input/open-input.js';
import { eventsOfEveryKind, traceHeader } from '../helpers/trace-builders.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';
import { buildDistIfStale } from '../helpers/watch-build.js';

type Open = (path: string, options?: object) => Promise<TraceInput>;
const asJson = (events: readonly TraceEvent[]): string[] => events.map((e) => formatEventJson(e));

describe('openInputThreaded (built)', () => {
  const tmp = traceTempDir();
  let threaded: Open;
  let workerAvailable: () => boolean;
  beforeAll(async () => {
    buildDistIfStale();
    threaded = (await import(new URL('../../dist/input/open-input.js', import.meta.url).href)).openInputThreaded;
    workerAvailable = (await import(new URL('../../dist/input/worker-input.js', import.meta.url).href)).workerAvailable;
    await writeTrace(tmp.path('t.pb'), traceHeader({ collector: 'bpftrace' }), eventsOfEveryKind());
    writeFileSync(tmp.path('t.pb.gz'), gzipSync(readFileSync(tmp.path('t.pb'))));
  }, 120_000);
  afterAll(() => tmp.remove());

  it('has the decode worker script next to it', () => {
    expect(workerAvailable()).toBe(true);
  });

  it.each(['t.pb', 't.pb.gz'])('reads %s in the worker as openInput reads it, header and info included', async (name) => {
    const input = await threaded(tmp.path(name));
    const events = await readAllEvents(input);
    const direct = await openInput(tmp.path(name));
    expect(asJson(events)).toEqual(asJson(await readAllEvents(direct)));
    expect(input.info).toMatchObject({ format: 'pb', header: { collector: 'bpftrace' }, complete: true, events: events.length });
  });

  it('reads a text trace on this thread, as its format was found', async () => {
    const input = await threaded(new URL('../../traces/rapid-abba.std', import.meta.url).pathname);
    expect(input.info.format).toBe('std');
    expect((await readAllEvents(input)).length).toBeGreaterThan(0);
  });

  it('reads a .pb file as the format --from gives', async () => {
    await expect(threaded(tmp.path('t.pb'), { from: 'jsonl' }).then(readAllEvents)).rejects.toThrow(/no events could be read/);
  });
});
