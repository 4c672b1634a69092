// Walks traces/: every sample's .pb holds its source's events, `check` reproduces its golden
// reports, and the verdicts are those of the table in traces/README.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenReports } from '../../src/cli/golden-reports.js';
import { openInput } from '../../src/input/open-input.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import type { TraceEvent } from '../../src/trace/event.js';

const DIR = 'traces';
const sources = readdirSync(DIR).filter((f) => /\.(jsonl|std)$/.test(f)).sort();
const names = sources.map((f) => f.replace(/\.(jsonl|std)$/, ''));
const columns = [...POLICY_NAMES, 'naive/predictive', 'naive/lockdep'];

// Rows of the README table: | name | scenario | naive | fdm | fdm-ordered | mainline | predictive | lockdep |
function verdictTable(): Map<string, readonly (readonly string[])[]> {
  const rows = new Map<string, readonly (readonly string[])[]>();
  for (const line of readFileSync(join(DIR, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 8 || !names.includes(cells[0])) continue;
    rows.set(cells[0], cells.slice(2).map((c) => (c === 'none' ? [] : c.split(',').map((k) => k.trim()).sort())));
  }
  return rows;
}

async function readAll(path: string): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  for await (const batch of (await openInput(path)).batches()) events.push(...batch);
  return events;
}

describe('the sample traces', () => {
  const table = verdictTable();

  it('all have a row in traces/README.md', () => {
    expect([...table.keys()].sort()).toEqual([...names].sort());
  });

  describe.each(names.map((name, i) => [name, sources[i]]))('%s', (name, source) => {
    it('holds in its .pb the events of its readable source', async () => {
      const pb = await readAll(join(DIR, `${name}.pb`));
      expect(pb.length).toBeGreaterThan(0);
      expect(pb).toEqual(await readAll(join(DIR, source)));
    });

    it('checks to its golden reports', async () => {
      const golden = JSON.parse(readFileSync(join(DIR, `${name}.golden.json`), 'utf8'));
      expect(await goldenReports(join(DIR, `${name}.pb`))).toEqual(golden);
    });

    it('gives the verdicts of the README table under every policy', async () => {
      const reports = await goldenReports(join(DIR, `${name}.pb`));
      // A kind with its qualification in brackets when it is not feasible: "order-inversion (gate-lock)".
      const verdict = (f: { kind: string; qualification?: string }): string =>
        (f.qualification === undefined || f.qualification === 'feasible' ? f.kind : `${f.kind} (${f.qualification})`);
      const kinds = columns.map((c) => [...new Set(reports[c].findings.map(verdict))].sort());
      expect(kinds).toEqual(table.get(name));
    });
  });
});
