import { execa } from 'execa';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ORDER_DEPTH } from '../../src/detect/order-graph.js';
import { fuzzShapeLines } from '../../src/gen/fuzz-shapes.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import { assertValidReport } from '../helpers/report-schema.js';
import { traceTempDir } from '../helpers/trace-files.js';

// One task nesting a million locks, as RAPID std text, checked under a 2 GiB address-space limit.
const LOCKS = 1_000_000;
const dir = traceTempDir();
const path = dir.path('deep-hold.std');

beforeAll(async () => {
  const out = createWriteStream(path);
  let chunk = '';
  for (const line of fuzzShapeLines('deep-hold', LOCKS)) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
}, 120_000);
afterAll(() => dir.remove());

describe('faultline check of one task holding a million locks', () => {
  it('finishes under a 2 GiB address-space limit, finds nothing, and counts the requests past the order depth', async () => {
    const script = `ulimit -v ${2 << 20} && exec node bin/faultline.js check --policy all --format json "$1"`;
    const run = await execa('bash', ['-c', script, 'check', path], { reject: false });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const { reports } = JSON.parse(run.stdout) as { reports: unknown[] };
    expect(reports).toHaveLength(POLICY_NAMES.length);
    for (const report of reports.map(assertValidReport)) {
      expect(report.findings).toEqual([]);
      // The k-th lock is requested holding k - 1: those from the (MAX_ORDER_DEPTH + 2)-th on are past the depth.
      expect(report.replayNotes?.deepRequests).toBe(LOCKS - MAX_ORDER_DEPTH - 1);
    }
  }, 300_000);
});
