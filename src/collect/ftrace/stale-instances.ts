// Removes the tracefs instances of faultline processes that are gone (killed with SIGKILL,
// which no exit handler survives), so a killed recording does not hold its ring buffers and
// events forever. Instances are named faultline-<pid>-<n> (instance.ts).
import { existsSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NAME = /^faultline-(\d+)-\d+$/;

// The names of the instances removed; best effort (another faultline may race for the same).
export function removeStaleInstances(root: string, procRoot = '/proc'): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, 'instances'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (m === null || existsSync(join(procRoot, m[1]))) continue;
    const dir = join(root, 'instances', name);
    try {
      writeFileSync(join(dir, 'events/enable'), '0');
      writeFileSync(join(dir, 'tracing_on'), '0');
      rmdirSync(dir);
      removed.push(name);
    } catch {
      // in use or already gone
    }
  }
  return removed;
}
