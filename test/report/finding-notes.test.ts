// The text and JSON of the lock-lifetime misuses, the qualifications and the replay notes, on
// findings made by the engine (in-memory pthread-style events).
import { describe, expect, it } from 'vitest';
import type { Finding, Semantics } from '../../src/detect/finding.js';
import { formatJsonReport } from '../../src/report/format-json-report.js';
import { formatTextReport } from '../../src/report/format-text-report.js';
import { textClosing } from '../../src/report/check-text-stream.js';
import { MAX_ORDER_DEPTH } from '../../src/detect/order-graph.js';
import { findingLine } from '../../src/ui/finding-line.js';
import { run } from '../helpers/engine-run.js';
import { exit, fork, lost, nest, op, ring } from '../helpers/lock-shapes.js';
import { inputInfo } from '../helpers/report-builders.js';
import type { TraceEvent } from '../../src/trace/event.js';

function checked(events: readonly TraceEvent[], semantics: Semantics = 'instance'): { text: string; json: ReturnType<typeof formatJsonReport>; findings: readonly Finding[] } {
  const engine = run(events, { semantics });
  const report = { findings: engine.findings(), input: inputInfo(), policy: 'naive', semantics, notes: engine.notes() };
  return { text: formatTextReport(report), json: formatJsonReport(report), findings: report.findings };
}

describe('reports of the new kinds and fields', () => {
  it.each([
    ['held-at-exit', [op(1, 'ACQUIRE', 1), op(1, 'ACQUIRE', 2), exit(1)],
      [/WARNING: t1\/1 still has locks held!/, /t1\/1 exited at event #2/, /2 locks held by t1\/1:/,
        / #0: \(1\)\{exclusive\}, at event #0 /, / #1: \(2\)\{exclusive\}, at event #1 /]],
    ['destroy-locked', [op(2, 'ACQUIRE', 1), op(1, 'DESTROY', 1)],
      [/WARNING: held lock freed!/, /t1\/1 is destroying a lock at event #1/, /1 lock held:/,
        / #0: \(1\)\{exclusive\}, at event #0 \([\d.]+\) by t2\/2/]],
  ])('%s in lockdep\'s words, in JSON and on the dashboard', (kind, events, texts) => {
    const { text, json, findings } = checked(events);
    for (const t of texts) expect(text).toMatch(t);
    expect(text).toContain(`1 finding (${kind}: 1)`);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({ kind, count: 1 });
    expect(json.findings[0].detail).toMatch(kind === 'held-at-exit' ? /exited holding/ : /destroyed/);
    expect(findingLine(findings[0])).toMatch(kind === 'held-at-exit' ? /^held-at-exit {2}1 exclusive, 2 exclusive {2}\[t1\/1\]$/
      : /^destroy-locked {2}1 exclusive {2}\[t1\/1, t2\/2\]$/);
  });

  it.each([
    ['same-task', [...nest(1, 1, 2), ...nest(1, 2, 1)], /qualification: same-task: every cycle/],
    ['fork-join-ordered', [...nest(1, 1, 2), fork(1, 2), ...nest(2, 2, 1)], /qualification: fork-join-ordered: thread creation/],
    ['gate-lock', [op(1, 'ACQUIRE', 9), ...nest(1, 1, 2), op(1, 'RELEASE', 9), op(2, 'ACQUIRE', 9), ...nest(2, 2, 1)],
      /qualification: gate-lock: every task holds gate 9 exclusively/],
    ['feasible', [...nest(1, 1, 2), ...nest(2, 2, 1)], /qualification: feasible: distinct tasks/],
  ])('an inversion qualified %s says so in text and JSON', (qualification, events, pattern) => {
    const { text, json } = checked(events);
    expect(text).toMatch(pattern);
    expect(json.findings[0].qualification).toBe(qualification);
    expect(json.findings[0].gate === undefined).toBe(qualification !== 'gate-lock');
    expect(checked(events, 'lockdep').json.findings[0].qualification).toBeUndefined();
  });

  it('counts the further cycles of a set, and the events lost in a window', () => {
    const events = [...nest(1, 1, 2), lost(4), ...nest(2, 2, 3), ...nest(3, 3, 1), ...nest(4, 2, 1), ...nest(5, 3, 2)];
    const { text, json } = checked(events);
    const f = json.findings.find((x) => x.moreCycles !== undefined);
    // Tasks 4 and 5 close 2 -> 1 and 3 -> 2 inside the set {1, 2, 3}: two more cycles, no new finding.
    expect(json.findings).toHaveLength(1);
    expect(f).toMatchObject({ kind: 'order-inversion', moreCycles: 2, lostInWindow: 4 });
    expect(text).toContain('stands for at least 2 more cycles');
    expect(text).toMatch(/warning: 4 events were lost between the first and the last event/);
  });

  it('warns when a predictive search was cut at its bound, and about releases after a loss', () => {
    const { text, json } = checked([...ring(9, true), lost(1), op(1, 'RELEASE', 50)], 'predictive');
    expect(json.replayNotes?.searchStops).toBeGreaterThan(0);
    expect(json.replayNotes?.releasesAfterLoss).toBe(1);
    expect(text).toMatch(/warning: \d+ cycle search(es were| was) cut at the bound/);
    expect(text).toMatch(/warning: 1 release of locks not known to be held/);
    expect(checked(ring(9, true)).json.replayNotes).toBeUndefined();
  });

  it('warns about requests made past the order depth, in the report and in check\'s closing lines', () => {
    const held = Array.from({ length: MAX_ORDER_DEPTH + 3 }, (_, i) => op(1, 'ACQUIRE', 1 + i));
    const engine = run(held, { semantics: 'instance' });
    const { text, json } = checked(held);
    expect(json.replayNotes?.deepRequests).toBe(2);
    const warning = new RegExp(`warning: 2 requests were made holding more\\s+than ${MAX_ORDER_DEPTH} locks: each recorded\\s+an\\s+order edge from the last lock taken only`);
    expect(text).toMatch(warning);
    const closing = textClosing(inputInfo(), [{ policy: 'naive', findings: [], suppressed: 0, notes: engine.notes() }]);
    expect(closing).toMatch(/^policy naive: no deadlocks found\n {2}warning: 2 requests/m);
    for (const line of closing.split('\n')) expect(line.length).toBeLessThan(80);
    expect(textClosing(inputInfo(), [{ policy: 'naive', findings: [], suppressed: 0, notes: run(held.slice(0, 9)).notes() }])).not.toMatch(/warning/);
  });

  it('keeps every line of the new blocks under 80 columns', () => {
    const { text } = checked([...ring(30), op(1, 'ACQUIRE', 77), op(1, 'ACQUIRE', 78), exit(1)]);
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(80);
  });
});
