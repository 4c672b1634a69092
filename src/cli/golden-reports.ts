// The golden report of a sample trace: its JSON report under every policy, and under naive with
// lockdep semantics. Shared by scripts/update-goldens.mjs and the test that walks traces/.
import { openInput } from '../import/open-input.js';
import { POLICY_NAMES } from '../policy/policy.js';
import { checkInput } from '../replay/check-input.js';
import { formatJsonReport, type JsonReport } from '../report/format-json-report.js';

/** Keys: each policy name (predictive semantics), and "naive/lockdep". */
export type GoldenReports = Readonly<Record<string, JsonReport>>;

export async function goldenReports(path: string): Promise<GoldenReports> {
  const golden: Record<string, JsonReport> = {};
  const predictive = await checkInput(await openInput(path), POLICY_NAMES, 'predictive');
  for (const { policy, findings } of predictive.results) {
    golden[policy] = formatJsonReport({ findings, input: predictive.info, policy, semantics: 'predictive' });
  }
  const lockdep = await checkInput(await openInput(path), ['naive'], 'lockdep');
  golden['naive/lockdep'] = formatJsonReport({ findings: lockdep.results[0].findings, input: lockdep.info, policy: 'naive', semantics: 'lockdep' });
  return golden;
}
