// The probes a collectors/*.bt script attaches to, and which of them this machine lacks.
// bpftrace 0.17 refuses a whole script when one tracepoint is missing, so the collector
// checks first and names the missing ones.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProbeCheck {
  /** Every tracepoint/uprobe/uretprobe spec of the script, in order. */
  readonly probes: readonly string[];
  /** Those whose tracepoint (tracefs events/CAT/NAME) or probed file does not exist. */
  readonly missing: readonly string[];
}

// The probe specs of a script's text (lines that start with a probe type and a colon).
export function listScriptProbes(text: string): string[] {
  const probes: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^((?:tracepoint|uprobe|uretprobe):\S+?),?\s*$/.exec(line);
    if (m !== null) probes.push(m[1]);
  }
  return probes;
}

// Checks each probe of `scriptPath` against tracefs at `tracefsRoot`.
export function checkScriptProbes(scriptPath: string, tracefsRoot = '/sys/kernel/tracing'): ProbeCheck {
  const probes = listScriptProbes(readFileSync(scriptPath, 'utf8'));
  const missing = probes.filter((probe) => !probeExists(probe, tracefsRoot));
  return { probes, missing };
}

function probeExists(probe: string, tracefsRoot: string): boolean {
  const [type, ...rest] = probe.split(':');
  if (type === 'tracepoint') return existsSync(join(tracefsRoot, 'events', rest[0], rest[1]));
  // uprobe:/path/to/lib.so:function - the function is checked by bpftrace itself.
  return existsSync(rest[0]);
}
