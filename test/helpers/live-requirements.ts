// Live tests run for real as root. What they need and lack decides: with CI=true a lack fails
// the test; otherwise the suite is skipped with the reason.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/** Why a live test cannot run here (root, tracefs, tools on PATH), or undefined. */
export function liveLack(tools: readonly string[]): string | undefined {
  const lacks: string[] = [];
  if (process.getuid?.() !== 0) lacks.push('root');
  if (!existsSync('/sys/kernel/tracing/instances')) lacks.push('tracefs at /sys/kernel/tracing');
  for (const tool of tools) if (!onPath(tool)) lacks.push(tool);
  return lacks.length === 0 ? undefined : `needs ${lacks.join(', ')}`;
}

/** A describe() that runs when the machine has what it needs, fails under CI=true, else skips. */
export function describeLive(name: string, tools: readonly string[], body: () => void): void {
  const lack = liveLack(tools);
  if (lack === undefined) describe(name, body);
  else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has what the live test needs', () => {
        throw new Error(`live test cannot run: ${lack}`);
      });
    });
  } else describe.skip(`${name} (${lack})`, body);
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
