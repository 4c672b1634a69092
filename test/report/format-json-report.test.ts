import { describe, expect, it } from 'vitest';
import { formatJsonReport, renderJsonReport } from '../../src/report/format-json-report.js';
import {
  S1, T3, aaFinding, abbaFinding, badUnlockFinding, coherencyFinding, inputInfo, report, ringFinding,
} from '../helpers/report-builders.js';
import { reportSchemaErrors } from '../helpers/report-schema.js';

/** Every key path of a JSON value, in order, arrays by their first element. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? keyPaths(value[0], `${prefix}[]`) : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...keyPaths(v, `${prefix}.${k}`)]);
}

describe('formatJsonReport', () => {
  it('returns the docs/design.md §5 object with its keys in contract order', () => {
    const json = formatJsonReport(report([aaFinding({ count: 3 })], { policy: 'naive' }));
    expect(keyPaths(json)).toEqual([
      '.policy', '.semantics',
      '.input', '.input.format', '.input.events', '.input.lost', '.input.complete', '.input.skipped', '.input.file',
      '.findings',
      '.findings[].kind',
      '.findings[].locks', '.findings[].locks[].cls', '.findings[].locks[].lock', '.findings[].locks[].mode',
      '.findings[].tasks', '.findings[].tasks[].tid', '.findings[].tasks[].comm',
      '.findings[].events', '.findings[].events[].index', '.findings[].events[].ts',
      '.findings[].edges', '.findings[].edges[].task', '.findings[].edges[].task.tid', '.findings[].edges[].task.comm',
      '.findings[].edges[].held', '.findings[].edges[].held.cls', '.findings[].edges[].held.lock', '.findings[].edges[].held.mode',
      '.findings[].edges[].heldAt', '.findings[].edges[].heldAt.index', '.findings[].edges[].heldAt.ts',
      '.findings[].edges[].requested', '.findings[].edges[].requested.cls', '.findings[].edges[].requested.lock',
      '.findings[].edges[].requested.mode',
      '.findings[].edges[].requestedAt', '.findings[].edges[].requestedAt.index', '.findings[].edges[].requestedAt.ts',
      '.findings[].count',
    ]);
    expect(reportSchemaErrors(json)).toEqual([]);
  });

  it('gives each edge the requested mode and the stacks of both places, frames in hex', () => {
    const f = abbaFinding('wait-cycle');
    const withStack = { ...f, edges: [{ ...f.edges[0], heldAt: { ...f.edges[0].heldAt, stack: [0xffffffff81000010n] } }, f.edges[1]] };
    const [e0, e1] = formatJsonReport(report([withStack])).findings[0].edges;
    expect(e0.requested).toStrictEqual({ cls: 'pagecache', lock: '254:0:13', mode: 'ADD' });
    expect(e0.heldAt.stack).toStrictEqual([{ addr: '0xffffffff81000010', text: '0xffffffff81000010' }]);
    expect(e1.requestedAt).toStrictEqual({ index: 6, ts: String(f.edges[1].requestedAt.ts) });
  });

  it('names the other kinds of a merged cycle in alsoKinds, after count', () => {
    const json = formatJsonReport(report([abbaFinding('wait-cycle', { alsoKinds: ['order-inversion'] })])).findings[0];
    expect(json.alsoKinds).toEqual(['order-inversion']);
    expect(Object.keys(json).slice(-2)).toEqual(['count', 'alsoKinds']);
    expect('alsoKinds' in formatJsonReport(report([abbaFinding('wait-cycle')])).findings[0]).toBe(false);
  });

  it('fills the object from the input and the finding, ts as a decimal string', () => {
    const json = formatJsonReport(report([aaFinding({ count: 3 })], { policy: 'naive' }));
    expect(json).toStrictEqual({
      policy: 'naive',
      semantics: 'predictive',
      input: { format: 'jsonl', events: 42, lost: 0, complete: true, skipped: 0, file: 'traces/s2.jsonl' },
      findings: [{
        kind: 'aa',
        locks: [{ cls: 'pagecache', lock: '254:0:12', mode: 'BLOCK' }, { cls: 'pagecache', lock: '254:0:12', mode: 'ADD' }],
        tasks: [{ tid: S1.tid, comm: 's1' }],
        events: [{ index: 1, ts: '1000001000' }, { index: 2, ts: '1000002000' }],
        edges: [{
          task: { tid: S1.tid, comm: 's1' },
          held: { cls: 'pagecache', lock: '254:0:12', mode: 'BLOCK' }, heldAt: { index: 1, ts: '1000001000' },
          requested: { cls: 'pagecache', lock: '254:0:12', mode: 'ADD' }, requestedAt: { index: 2, ts: '1000002000' },
        }],
        count: 3,
      }],
    });
  });

  it('omits comm for a task the trace never named', () => {
    const json = formatJsonReport(report([ringFinding()]));
    const tasks = json.findings[0].tasks;
    expect(tasks.find((t) => t.tid === T3.tid)).toStrictEqual({ tid: T3.tid });
    expect(tasks.filter((t) => 'comm' in t)).toHaveLength(2);
  });

  it.each([
    ['aa', aaFinding({ detail: 'x' }), false],
    ['order-inversion', abbaFinding('order-inversion', { detail: 'x' }), false],
    ['wait-cycle', abbaFinding('wait-cycle', { detail: 'x' }), false],
    ['bad-unlock', badUnlockFinding(), true],
    ['coherency', coherencyFinding(), true],
    ['coherency without detail', coherencyFinding({ detail: undefined }), false],
  ])('adds detail, after count, only to findings without edges (%s)', (_name, f, has) => {
    const json = formatJsonReport(report([f])).findings[0];
    expect('detail' in json).toBe(has);
    if (has) expect(Object.keys(json).slice(-2)).toEqual(['count', 'detail']);
    if (has) expect(json.detail).toBe(f.detail);
  });

  it.each([
    ['incomplete', inputInfo({ complete: false }), { complete: false, skipped: 0 }],
    ['skipped', inputInfo({ skipped: 7, skippedSamples: [{ line: 3, reason: 'bad' }] }), { complete: true, skipped: 7 }],
  ])('carries an %s input in `input`', (_name, input, expected) => {
    expect(formatJsonReport(report([], { input })).input).toMatchObject(expected);
  });

  it('keeps 64-bit lock ids exact as decimal strings', () => {
    const json = formatJsonReport(report([badUnlockFinding()]));
    expect(json.findings[0].locks[0].lock).toBe(0xffff888012345678n.toString());
  });

  it('renders the same object as JSON indented by two spaces', () => {
    const r = report([aaFinding(), ringFinding(), coherencyFinding()]);
    const text = renderJsonReport(r);
    expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(formatJsonReport(r))));
    expect(text.split('\n')[1]).toBe('  "policy": "naive",');
    expect(text.endsWith('}')).toBe(true);
  });

  it('renders an empty findings list for a clean input', () => {
    expect(JSON.parse(renderJsonReport(report([]))).findings).toEqual([]);
  });
});
