// The golden report of a sample trace: its JSON report under every policy (the default instance
// semantics), and under naive with predictive and with lockdep semantics. Shared by
// scripts/update-goldens.mjs and the test that walks traces/.
import type { Semantics } from '../detect/finding.js';
import { openInput } from '../input/open-input.js';
import { POLICY_NAMES, type PolicyName } from '../policy/policy.js';
import { checkInput } from '../replay/check-input.js';
import { formatJsonReport, type JsonReport } from '../report/format-json-report.js';

/** Keys: each policy name (instance semantics), "naive/predictive" and "naive/lockdep". */
export type GoldenReports = Readonly<Record<string, JsonReport>>;

export async function goldenReports(path: string): Promise<GoldenReports> {
  const golden: Record<string, JsonReport> = {};
  const add = async (policies: readonly PolicyName[], semantics: Semantics, suffix: string): Promise<void> => {
    const checked = await checkInput(await openInput(path), policies, semantics, { reopen: () => openInput(path) });
    for (const { policy, findings, notes } of checked.results) {
      golden[`${policy}${suffix}`] = formatJsonReport({ findings, input: checked.info, policy, semantics, notes });
    }
  };
  await add(POLICY_NAMES, 'instance', '');
  await add(['naive'], 'predictive', '/predictive');
  await add(['naive'], 'lockdep', '/lockdep');
  return golden;
}
