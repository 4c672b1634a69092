import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';
import { decodePerfetto, slicesOf } from '../helpers/perfetto-decode.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-perfetto-'));

async function exportPerfetto(trace: string, ...args: string[]): Promise<ReturnType<typeof decodePerfetto>> {
  const out = join(dir, `${Math.random().toString(36).slice(2)}.pftrace`);
  const result = await faultline(['export', trace, '--to', 'perfetto', '-o', out, ...args]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return decodePerfetto(readFileSync(out));
}

describe('export --to perfetto', () => {
  it('shows the seed AB/BA recording (ftrace capture): a thread track per task, held locks on child tracks, the finding as one flow across both tasks', async () => {
    const decoded = await exportPerfetto('test/fixtures/ftrace/s2-abba-ext4.txt', '--policy', 'naive');
    const threads = [...decoded.tracks.values()].filter((t) => t.tid !== undefined);
    expect(threads.map((t) => t.tid)).toEqual(expect.arrayContaining([11229, 11230]));
    const slices = slicesOf(decoded);
    // Held-lock lanes: children of a thread track; never more than one slice deep.
    const lanes = [...decoded.tracks.values()].filter((t) => t.parent !== undefined);
    expect(lanes.length).toBeGreaterThan(0);
    for (const lane of lanes) {
      expect(decoded.tracks.get(lane.parent!)?.tid).toBeDefined();
      for (const s of slices.get(lane.uuid) ?? []) expect(s.depth).toBe(0);
    }
    const held = lanes.filter((l) => l.name?.startsWith('held')).flatMap((l) => slices.get(l.uuid) ?? []);
    expect(held.some((s) => s.name.startsWith('pagecache(254:0:1458185) block'))).toBe(true);
    expect(held.some((s) => s.name.startsWith('pagecache(254:0:1458186) block'))).toBe(true);
    // One finding (order-inversion under naive): its flow starts on one task and ends on the other.
    const flowStarts = decoded.events.filter((e) => e.flowIds.length > 0);
    const flowEnds = decoded.events.filter((e) => e.terminatingFlowIds.length > 0);
    expect(flowStarts).toHaveLength(1);
    expect(flowEnds).toHaveLength(1);
    expect(flowStarts[0].flowIds).toEqual(flowEnds[0].terminatingFlowIds);
    expect(decoded.tracks.get(flowStarts[0].track)?.tid).not.toBe(decoded.tracks.get(flowEnds[0].track)?.tid);
    expect(flowStarts[0].name).toMatch(/^order-inversion: holds pagecache\(254:0:\d+\) block, requests/);
    // Faults are instants on the thread tracks.
    expect(decoded.events.filter((e) => e.type === 3 && e.categories.includes('fault')).length).toBeGreaterThan(0);
  });

  it('the policy decides the synthetic locks: the bundled AB/BA trace has a flow under fdm, none under fdm-ordered', async () => {
    const fdm = await exportPerfetto('traces/s2-abba-apart.pb', '--policy', 'fdm');
    const ordered = await exportPerfetto('traces/s2-abba-apart.pb', '--policy', 'fdm-ordered');
    expect(fdm.events.filter((e) => e.flowIds.length > 0)).toHaveLength(1);
    expect(ordered.events.filter((e) => e.flowIds.length > 0 || e.terminatingFlowIds.length > 0)).toHaveLength(0);
    slicesOf(fdm);
    slicesOf(ordered);
  });

  it('hand-over-hand locking over many locks: every hold is one slice with its own times, lanes never overlap', async () => {
    const n = 200;
    const lines = [JSON.stringify({ ts: '1000', tid: 7, pid: 7, cpu: 0, comm: 'hoh', task: { parentTid: 1, comm: 'hoh' } })];
    let ts = 2000;
    const lock = (op: string, id: number): string => JSON.stringify({ ts: String(ts++), tid: 7, pid: 7, cpu: 0, lock: { op, lock: String(id), mode: 'EXCLUSIVE', cls: 'node' } });
    lines.push(lock('ACQUIRE', 1));
    for (let i = 2; i <= n; i++) { lines.push(lock('ACQUIRE', i)); lines.push(lock('RELEASE', i - 1)); }
    lines.push(lock('RELEASE', n));
    const file = join(dir, 'hoh.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const decoded = await exportPerfetto(file);
    const slices = slicesOf(decoded);
    const held = [...decoded.tracks.values()].filter((t) => t.name?.startsWith('held')).flatMap((t) => slices.get(t.uuid) ?? []);
    expect(held).toHaveLength(n);
    // Two lanes suffice: a hold overlaps only its neighbours.
    expect([...decoded.tracks.values()].filter((t) => t.name?.startsWith('held'))).toHaveLength(2);
    const byName = new Map(held.map((s) => [s.name, s]));
    // Lock i is taken at 2001 + 2(i - 2) and let go at 2002 + 2(i - 1).
    for (const i of [2, 5, n - 1]) expect(byName.get(`node(${i}) exclusive`)).toMatchObject({ begin: 2001 + 2 * (i - 2), end: 2002 + 2 * (i - 1) });
  });

  it('a generated trace with many tasks and deep nesting decodes with balanced slices on every track', async () => {
    const pb = join(dir, 'gen.pb');
    const gen = await faultline(['gen', '--events', '20000', '--tasks', '12', '--locks', '40', '--depth', '6', '--dio', '--seed', '7', '-o', pb]);
    expect(gen.exitCode).toBe(0);
    const decoded = await exportPerfetto(pb);
    const slices = slicesOf(decoded);
    expect([...decoded.tracks.values()].filter((t) => t.tid !== undefined).length).toBeGreaterThanOrEqual(12);
    const total = [...slices.values()].reduce((n, list) => n + list.length, 0);
    expect(total).toBeGreaterThan(1000);
  });

  it('--to chrome-json writes the Trace Event Format with matched async begin/end pairs', async () => {
    const result = await faultline(['export', 'traces/s2-abba-apart.pb', '--to', 'chrome-json', '--policy', 'fdm']);
    expect(result.exitCode).toBe(0);
    const { traceEvents } = JSON.parse(result.stdout) as { traceEvents: { ph: string; id?: string; name: string; cat?: string; ts?: number }[] };
    const begins = traceEvents.filter((e) => e.ph === 'b');
    const ends = traceEvents.filter((e) => e.ph === 'e');
    expect(begins.length).toBeGreaterThan(0);
    expect(ends.map((e) => e.id).sort()).toEqual(begins.map((e) => e.id).sort());
    expect(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name')).toHaveLength(3);
    expect(traceEvents.filter((e) => e.cat === 'finding')).toHaveLength(2);
  });

  it('refuses an unknown --to, several policies and --cycles outside dot with one line and exit 2', async () => {
    for (const args of [['--to', 'svg'], ['--to', 'perfetto', '--policy', 'all'], ['--to', 'perfetto', '--cycles']]) {
      const result = await faultline(['export', 'traces/s1-aa.pb', ...args]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
