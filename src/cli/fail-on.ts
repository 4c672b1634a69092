// Which findings fail a run (exit 1). By default every reported finding does (docs/design.md §5);
// `--fail-on KINDS` names the kinds that exit 1 (e.g. deadlocks but not coherency hazards), and
// every other finding is reported and exits 0.
import { FINDING_KINDS, type Finding } from '../detect/finding.js';
import { UsageError } from '../trace/errors.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from './exit-codes.js';

/** The kinds of `--fail-on` ("aa,wait-cycle", "all", "none"); undefined keeps the default rule. */
export function parseFailOn(value: string | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return new Set(FINDING_KINDS);
  if (value === 'none') return new Set();
  const kinds = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const kind of kinds) {
    if (!(FINDING_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--fail-on: expected finding kinds (${FINDING_KINDS.join(', ')}), all or none, got "${kind}"`);
    }
  }
  return new Set(kinds);
}

/** The exit status of a run that reported `findings` (after suppressions). */
export function failStatus(findings: readonly Finding[], failOn: ReadonlySet<string> | undefined): number {
  if (failOn !== undefined) return findings.some((f) => failOn.has(f.kind)) ? EXIT_FINDINGS : EXIT_CLEAN;
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}
