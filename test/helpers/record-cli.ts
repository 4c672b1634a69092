// Runs the built faultline CLI (bin/faultline.js → dist/, built by `npm run build`, the
// pretest step) as a child process, and reads `check --format json` into verdicts.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options, type ResultPromise } from 'execa';
import { assertValidReport } from './report-schema.js';

export const FAULTLINE_BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
const REPRODUCERS = fileURLToPath(new URL('../reproducers/', import.meta.url));

/** `node bin/faultline.js ARGS`, not rejecting on a non-zero exit. */
export function faultline(args: readonly string[], options: Options = {}): ResultPromise<Options> {
  return execa('node', [FAULTLINE_BIN, ...args], { reject: false, ...options });
}

/** What a policy found, as docs/design.md §6 says it: aa, cycle (order-inversion or wait-cycle), coherency, none. */
export type Verdict = 'aa' | 'cycle' | 'coherency' | 'none';

interface JsonReport { readonly policy: string; readonly findings: readonly { readonly kind: string }[] }

/** The verdict of each policy on `trace` (check --policy all --format jsonl: one report per line, each checked against the report schema). */
export async function verdicts(trace: string): Promise<Record<string, string>> {
  const result = await faultline(['check', trace, '--policy', 'all', '--format', 'jsonl']);
  if (![0, 1].includes(result.exitCode ?? -1)) throw new Error(`check ${trace}: exit ${result.exitCode}: ${String(result.stderr)}`);
  const out: Record<string, string> = {};
  for (const line of String(result.stdout).trim().split('\n')) {
    const report = assertValidReport(JSON.parse(line)) as JsonReport;
    const kinds = new Set(report.findings.map((f) => (f.kind === 'order-inversion' || f.kind === 'wait-cycle' ? 'cycle' : f.kind)));
    out[report.policy] = kinds.size === 0 ? 'none' : [...kinds].sort().join('+');
  }
  return out;
}

/** Builds test/reproducers/NAME.c into a temp dir; resolves to the binary. */
export async function buildRecordReproducer(name: string): Promise<string> {
  const out = join(await mkdtemp('/var/tmp/faultline-record-'), name);
  await execa('gcc', ['-O1', '-g', '-fno-omit-frame-pointer', '-Wall', '-Wextra', '-Werror', '-pthread',
    '-o', out, join(REPRODUCERS, `${name}.c`)]);
  return out;
}

/** The tracefs instances a faultline process `pid` made that are still there. */
export async function instancesOf(pid: number): Promise<string[]> {
  return (await readdir('/sys/kernel/tracing/instances')).filter((name) => name.startsWith(`faultline-${pid}-`));
}

/** Deletes a temp dir made by buildRecordReproducer (its binary's dir). */
export async function removeReproducer(binary: string): Promise<void> {
  await rm(join(binary, '..'), { recursive: true, force: true });
}
