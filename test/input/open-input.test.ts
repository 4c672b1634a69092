import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/trace/errors.js';
import { formatEventJson } from '../../src/trace/event-json.js';
import { writeTrace } from '../../src/trace/trace-writer.js';
import { openInput } from '../../src/input/open-input.js';
import { acquire, eventsOfEveryKind, lostEvent, release, timed, traceHeader } from '../helpers/trace-builders.js';
import { readAllBatches, readAllEvents, readableOf, traceTempDir } from '../helpers/trace-files.js';

const repoFile = (path: string) => new URL(`../../${path}`, import.meta.url).pathname;
const jsonl = (events: ReturnType<typeof eventsOfEveryKind>) => events.map((e) => `${formatEventJson(e)}\n`).join('');

describe('openInput', () => {
  let tmp: ReturnType<typeof traceTempDir>;
  beforeEach(() => { tmp = traceTempDir(); });
  afterEach(() => tmp.remove());

  it.each([
    ['jsonl', 'traces/lock-abba.jsonl'],
    ['std', 'traces/rapid-abba.std'],
    ['ftrace', 'test/fixtures/ftrace/s1-aa-ext4.txt'],
  ])('recognises a %s trace after a million blank lines', async (format, path) => {
    const blank = tmp.path('blank');
    writeFileSync(blank, Buffer.concat([Buffer.from('\n \r\n'.repeat(333_334)), readFileSync(repoFile(path))]));
    const input = await openInput(blank);
    expect(input.info.format).toBe(format);
    expect((await readAllEvents(input)).length).toBeGreaterThan(0);
  });

  it('rejects an input of blank lines only, however long, in one line', async () => {
    const blank = tmp.path('blank');
    writeFileSync(blank, Buffer.alloc(3 << 20, 0x0a));
    await expect(openInput(blank)).rejects.toThrow(new InputError(blank, 'empty input (only blank lines), expected a trace'));
  });

  it('opens a .pb trace with its header read before the events', async () => {
    const path = tmp.path('t.pb');
    await writeTrace(path, traceHeader({ collector: 'bpftrace' }), eventsOfEveryKind());
    const input = await openInput(path);
    expect(input.info).toMatchObject({ format: 'pb', header: { collector: 'bpftrace' } });
    expect(await readAllEvents(input)).toEqual(eventsOfEveryKind());
    expect(input.info).toMatchObject({ events: eventsOfEveryKind().length, complete: true, lost: 42 });
  });

  it.each([
    ['traces/lock-abba.jsonl', 'jsonl'],
    ['traces/rapid-abba.std', 'std'],
    ['test/fixtures/ftrace/s1-aa-ext4.txt', 'ftrace'],
  ] as const)('recognises and reads %s as %s', async (path, format) => {
    const input = await openInput(repoFile(path));
    const events = await readAllEvents(input);
    expect(input.info.format).toBe(format);
    expect(events.length).toBeGreaterThan(0);
    expect(input.info).toMatchObject({ events: events.length, complete: true });
  });

  it('reads every kind of event from jsonl, counting lost events', async () => {
    const path = tmp.path('all.jsonl');
    writeFileSync(path, jsonl(eventsOfEveryKind()));
    const input = await openInput(path);
    expect(await readAllEvents(input)).toEqual(eventsOfEveryKind());
    expect(input.info).toMatchObject({ format: 'jsonl', lost: 42, skipped: 0, complete: true });
  });

  it('batches text inputs 4096 events at a time', async () => {
    const events = timed(Array.from({ length: 9000 }, (_, i) => (i % 2 === 0 ? acquire(1, 1) : release(1, 1))));
    const path = tmp.path('many.jsonl');
    writeFileSync(path, jsonl(events));
    expect((await readAllBatches(await openInput(path))).map((b) => b.length)).toEqual([4096, 4096, 808]);
  });

  it('reads ftrace lines of UTF-8 comms among ASCII ones, with their line numbers', async () => {
    const line = (comm: string, tid: number, rest: string) => `  ${comm}-${tid}  (  ${tid}) [001] .....   5.000001: ${rest}`;
    const lines = [
      line('a', 10, 'contention_end: ffff (ret=0)'),
      line('kwörker', 11, 'contention_end: ffff (ret=0)'),
      line('kwörker', 11, 'mm_filemap_fault: page=1'),
      line('b c', 12, 'contention_end: ffff (ret=0)'),
    ];
    const path = tmp.path('utf8.txt');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const input = await openInput(path);
    expect((await readAllEvents(input)).map((e) => [e.tid, e.comm])).toEqual([[10, 'a'], [11, 'kwörker'], [12, 'b c']]);
    expect(input.info.skippedSamples.map((s) => s.line)).toEqual([3]);
  });

  it('counts unreadable lines and keeps the first five with their line numbers', async () => {
    const good = formatEventJson(lostEvent(2, 'cpu0'));
    const lines = [good, 'bad 1', '', 'bad 2', good, 'bad 3', 'bad 4', 'bad 5', 'bad 6', 'bad 7'];
    const path = tmp.path('some-bad.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const input = await openInput(path);
    expect(await readAllEvents(input)).toHaveLength(2);
    expect(input.info.skipped).toBe(7);
    expect(input.info.lost).toBe(4);
    expect(input.info.skippedSamples.map((s) => s.line)).toEqual([2, 4, 6, 7, 8]);
    expect(input.info.skippedSamples[0].reason).toMatch(/^not JSON/);
  });

  it.each([
    ['std', 'T1|acq(l1)|1\nT1|rel(l1)|2\n', 2],
    ['jsonl', jsonl(eventsOfEveryKind()), eventsOfEveryKind().length],
  ])('reads %s from stdin', async (format, text, count) => {
    const input = await openInput('-', { stdin: readableOf(text, 5) });
    expect(input.info).toMatchObject({ path: '-', format });
    expect(await readAllEvents(input)).toHaveLength(count);
  });

  it('reads a .pb trace from stdin', async () => {
    const path = tmp.path('t.pb');
    await writeTrace(path, traceHeader(), eventsOfEveryKind(), { batchSize: 3 });
    const input = await openInput('-', { stdin: readableOf(readFileSync(path), 100) });
    expect(await readAllEvents(input)).toEqual(eventsOfEveryKind());
  });

  it('reads the format --from names instead of recognising it', async () => {
    const input = await openInput(repoFile('traces/rapid-abba.std'), { from: 'jsonl' });
    expect(input.info.format).toBe('jsonl');
    await expect(readAllEvents(input)).rejects.toThrow(/rapid-abba\.std: no events could be read \(14 lines skipped, first: line 1: not JSON/);
  });

  it.each([
    ['a missing file', () => tmp.path('nope.pb'), 'no such file'],
    ['a directory', () => { mkdirSync(tmp.path('d')); return tmp.path('d'); }, 'is a directory, expected a trace file'],
    ['an empty file', () => { writeFileSync(tmp.path('e'), ''); return tmp.path('e'); }, 'empty input, expected a trace'],
    ['random bytes', () => { writeFileSync(tmp.path('r'), Buffer.from([0, 1, 2, 0xff])); return tmp.path('r'); },
      'unrecognised format: expected FLTRACE1 magic, ftrace text, jsonl or std lines, got "....'],
    ['wrong magic', () => { writeFileSync(tmp.path('w.pb'), 'FLTRACE9xxxx'); return tmp.path('w.pb'); }, 'unrecognised format'],
  ])('rejects %s with an InputError naming the file', async (_what, make, message) => {
    const path = make();
    const failure = openInput(path);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(`${path}: ${message}`);
  });

  it('rejects empty stdin naming stdin', async () => {
    await expect(openInput('-', { stdin: readableOf('') })).rejects.toThrow('stdin: empty input, expected a trace');
  });

  it('rejects at the end of the batches a jsonl input whose every line is malformed', async () => {
    const path = tmp.path('bad.jsonl');
    writeFileSync(path, '{"ts":1}\n{"lock":{"mode":"WRITE"}}\n');
    const input = await openInput(path);
    await expect(readAllEvents(input)).rejects.toThrow(
      `${path}: no events could be read (2 lines skipped, first: line 1: no event kind: expected one of`);
    expect(input.info.skipped).toBe(2);
  });

  it('rejects a text input that holds no event and nothing malformed', async () => {
    const path = tmp.path('rw.std');
    writeFileSync(path, 'T1|r(x)|1\nT1|w(x)|2\n');
    await expect(readAllEvents(await openInput(path))).rejects.toThrow(`${path}: no events could be read (2 lines, none of them an event)`);
  });
});
