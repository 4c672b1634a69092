// Validation of the option values shared by check, watch and show.
import { SEMANTICS, type Semantics } from '../detect/finding.js';
import { POLICY_NAMES, type PolicyName } from '../policy/policy.js';
import type { ReplayOptions } from '../replay/replay-options.js';
import { INPUT_FORMATS, type InputFormat } from '../trace/input.js';
import { UsageError } from '../trace/errors.js';
import type { ReplayCliOptions } from './replay-options.js';

/** "naive", "fdm,mainline" or "all" → policy names, in the order given. */
export function parsePolicies(value: string): PolicyName[] {
  if (value === 'all') return [...POLICY_NAMES];
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of names) {
    if (!(POLICY_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--policy: expected one of ${POLICY_NAMES.join(', ')} or all, got "${name}"`);
    }
  }
  if (names.length === 0) throw new UsageError('--policy: expected a policy name, got nothing');
  return names as PolicyName[];
}

export function parseSemantics(value: string): Semantics {
  if ((SEMANTICS as readonly string[]).includes(value)) return value as Semantics;
  throw new UsageError(`--semantics: expected ${SEMANTICS.join(', ')}, got "${value}"`);
}

// The replay `options` ask for (replay-options.ts); UsageError naming the option when a value is not one.
export function parseReplayOptions(options: ReplayCliOptions): ReplayOptions {
  return { policies: parsePolicies(options.policy), semantics: parseSemantics(options.semantics), mmapLock: options.mmapLock === true };
}

export function parseFormatOption(value: string | undefined): InputFormat | undefined {
  if (value === undefined) return undefined;
  if ((INPUT_FORMATS as readonly string[]).includes(value)) return value as InputFormat;
  throw new UsageError(`--from: expected one of ${INPUT_FORMATS.join(', ')}, got "${value}"`);
}

export function parseOutputFormat(value: string): 'text' | 'json' {
  if (value === 'text' || value === 'json') return value;
  throw new UsageError(`--format: expected text or json, got "${value}"`);
}
