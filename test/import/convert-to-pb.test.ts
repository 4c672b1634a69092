import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatEventJson } from '../../src/trace/event-json.js';
import { readTrace } from '../../src/trace/trace-reader.js';
import { encodeRecord, writeTrace } from '../../src/trace/trace-writer.js';
import { convertToPb } from '../../src/import/convert-to-pb.js';
import { exportJsonl } from '../../src/import/export-jsonl.js';
import { openInput } from '../../src/input/open-input.js';
import { eventsOfEveryKind, traceHeader } from '../helpers/trace-builders.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';

describe('convertToPb', () => {
  let tmp: ReturnType<typeof traceTempDir>;
  beforeEach(() => { tmp = traceTempDir(); });
  afterEach(() => tmp.remove());

  it('converts jsonl to a .pb trace with a convert:jsonl header, and back to the same jsonl', async () => {
    const source = tmp.path('in.jsonl');
    writeFileSync(source, eventsOfEveryKind().map((e) => `${formatEventJson(e)}\n`).join(''));
    const footer = await convertToPb(await openInput(source), tmp.path('out.pb'));
    expect(footer).toMatchObject({ events: eventsOfEveryKind().length, lost: 42, complete: true });
    const trace = await readTrace(tmp.path('out.pb'));
    expect(trace.info.header).toMatchObject({ version: 1, collector: 'convert:jsonl', meta: { source } });
    await exportJsonl(trace.batches(), tmp.path('back.jsonl'));
    expect(readFileSync(tmp.path('back.jsonl'), 'utf8')).toBe(readFileSync(source, 'utf8'));
  });

  it('converts RAPID std with a synthetic clock', async () => {
    const source = new URL('../../traces/rapid-abba.std', import.meta.url).pathname;
    await convertToPb(await openInput(source), tmp.path('std.pb'));
    const trace = await readTrace(tmp.path('std.pb'));
    expect(trace.info.header).toMatchObject({ collector: 'convert:std', clock: 'synthetic' });
    expect((await readAllEvents(trace)).map((e) => e.kind)).toEqual([
      'task', 'task', 'lock', 'lock', 'lock', 'lock', 'lock', 'lock', 'lock', 'lock', 'join', 'join']);
  });

  it('passes on a truncated trace as incomplete, keeping its host', async () => {
    const whole = tmp.path('whole.pb');
    await writeTrace(whole, traceHeader({ hostname: 'box' }), eventsOfEveryKind());
    const bytes = readFileSync(whole);
    const footerLength = encodeRecord({ footer: { events: eventsOfEveryKind().length, lost: 42, complete: true, endNs: Number.MAX_SAFE_INTEGER } }).length;
    writeFileSync(tmp.path('cut.pb'), bytes.subarray(0, bytes.length - footerLength));
    const footer = await convertToPb(await openInput(tmp.path('cut.pb')), tmp.path('out.pb'));
    expect(footer).toMatchObject({ complete: false, lost: 42 });
    const out = await readTrace(tmp.path('out.pb'));
    expect(out.info.header).toMatchObject({ hostname: 'box', collector: 'convert:pb' });
    expect(await readAllEvents(out)).toEqual(eventsOfEveryKind());
    expect(out.info.complete).toBe(false);
  });
});
