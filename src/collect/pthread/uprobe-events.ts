// faultline's own dynamic uprobe events in tracefs (uprobe_events), for code bpftrace cannot
// probe: a group `faultline_<pid>` per recording process, defined at the start and removed at
// the end (also from an 'exit' handler). A group whose process is gone (a recording killed with
// SIGKILL) is removed by the next recording. uprobe_events is only ever appended to: a plain
// write would clear every other tool's probes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { EnvironmentError } from '../../trace/errors.js';

/** One probe: events/<group>/<name>, at a file offset of `path`, with fetch args ("lock=%di:x64"). */
export interface UprobeEventSpec {
  readonly name: string;
  readonly path: string;
  readonly offset: bigint;
  readonly args: string;
}

const GROUP = /^faultline_(\d+)$/;

/** The group of this process's uprobe events. */
export function uprobeGroup(pid: number = process.pid): string {
  return `faultline_${pid}`;
}

// The uprobe_events line that defines `spec` in `group`.
export function uprobeEventLine(group: string, spec: UprobeEventSpec): string {
  return `p:${group}/${spec.name} ${spec.path}:0x${spec.offset.toString(16)} ${spec.args}`;
}

// Defines `specs` in `group`; throws EnvironmentError naming the one the kernel refused
// (those defined before it are removed first).
export function defineUprobeEvents(root: string, group: string, specs: readonly UprobeEventSpec[]): void {
  const defined: string[] = [];
  for (const spec of specs) {
    const line = uprobeEventLine(group, spec);
    try {
      writeFileSync(`${root}/uprobe_events`, `${line}\n`, { flag: 'a' });
    } catch (cause) {
      removeUprobeEvents(root, group, defined);
      throw new EnvironmentError(`expected tracefs to take the uprobe "${line}", got ${String(cause)}`, { cause });
    }
    defined.push(spec.name);
  }
}

// Removes events `names` of `group`, best effort (an event still enabled somewhere stays);
// the names removed.
export function removeUprobeEvents(root: string, group: string, names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      writeFileSync(`${root}/uprobe_events`, `-:${group}/${name}\n`, { flag: 'a' });
      return true;
    } catch {
      return false;
    }
  });
}

// Removes the events of faultline groups whose process is gone; the "group/name"s removed.
export function removeStaleUprobeEvents(root: string, procRoot = '/proc'): string[] {
  let text: string;
  try {
    text = readFileSync(`${root}/uprobe_events`, 'utf8');
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^[pr]:([^/\s]+)\/(\S+)/.exec(line);
    const group = m === null ? null : GROUP.exec(m[1]);
    if (m === null || group === null || existsSync(`${procRoot}/${group[1]}`)) continue;
    if (removeUprobeEvents(root, m[1], [m[2]]).length > 0) removed.push(`${m[1]}/${m[2]}`);
  }
  return removed;
}
