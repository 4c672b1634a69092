// The path of each file (dev, ino) a recording sees, found at record time: first among the open
// fds and mappings of the process that made the event (/proc/PID/fd, /proc/PID/maps: a file
// unlinked meanwhile is reported deleted), then, for what a process that has exited left
// unnamed, by a bounded walk of the file's filesystem from likely directories (the
// directories of files already named, the command's arguments, the current directory) and then
// from its mount points. A file not found so is recorded as unknown.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeDev } from '../../trace/dev.js';
import type { FileEntry } from '../../trace/trace-symbols.js';
import { fdFileOf, kernelDevOfStDev, openFdsOf } from './fd-file.js';
import { NOT_A_FILE } from '../../kernel/ftrace-syscall-state.js';

export interface FilePaths {
  /** The file's entry when it is known now (from `pid`'s fds and maps when alive); else undefined. */
  lookup(dev: number, ino: number, pid: number): FileEntry | undefined;
  /** Entries for `files` that lookup could not name: walked for, else unknown. */
  settle(files: readonly { readonly dev: number; readonly ino: number }[]): FileEntry[];
}

/** Directory entries a walk may stat, per settle() call. */
const WALK_BUDGET = 10_000;
const DELETED = ' (deleted)';

const keyOf = (dev: number, ino: number): string => `${dev}:${ino}`;

/** A resolver; `seeds` are directories to walk first (e.g. the recorded command's arguments). */
export function createFilePaths(seeds: readonly string[] = []): FilePaths {
  // Every file seen in /proc or on a walk, by dev:ino (the most recent name).
  const known = new Map<string, FileEntry>();
  const seedDirs = new Set<string>([process.cwd(), ...seeds.flatMap(directoryOf)]);

  // `name` as /proc prints it: " (deleted)" after the path of an unlinked file.
  const note = (dev: number, ino: number, name: string): void => {
    const deleted = name.endsWith(DELETED);
    noteEntry(dev, ino, deleted ? name.slice(0, -DELETED.length) : name, deleted);
  };
  const noteEntry = (dev: number, ino: number, path: string, deleted: boolean): void => {
    known.set(keyOf(dev, ino), { dev, ino, path, deleted });
    if (!deleted) seedDirs.add(dirname(path));
  };

  const scanProcess = (pid: number): void => {
    for (const fd of openFdsOf(pid)) {
      const file = fdFileOf(pid, fd);
      if (file !== undefined && file !== NOT_A_FILE && file.path.startsWith('/')) noteEntry(file.dev, file.ino, file.path, file.deleted);
    }
    try {
      for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
        const m = /^\S+ \S+ \S+ ([0-9a-f]+):([0-9a-f]+) (\d+)\s+(\/.*)$/.exec(line);
        if (m !== null && m[3] !== '0') note(makeDev(parseInt(m[1], 16), parseInt(m[2], 16)), Number(m[3]), m[4]);
      }
    } catch {
      // the process has exited
    }
  };

  return {
    lookup(dev, ino, pid) {
      const key = keyOf(dev, ino);
      if (!known.has(key) && pid > 0) scanProcess(pid);
      return known.get(key);
    },
    settle(files) {
      const wanted = new Map(files.filter((f) => !known.has(keyOf(f.dev, f.ino))).map((f) => [keyOf(f.dev, f.ino), f]));
      // Only file systems mounted here can be walked (not, e.g., the block devices' own inodes).
      const mounts = mountPointsOf(new Set([...wanted.values()].map((f) => f.dev)));
      for (const [key, f] of wanted) if (!mounts.has(f.dev)) wanted.delete(key);
      if (wanted.size > 0) {
        const devs = new Set([...wanted.values()].map((f) => f.dev));
        const seeds = [...seedDirs].filter((d) => devs.has(devOf(d) ?? -1));
        walk([...seeds, ...[...mounts.values()].flat()], devs, wanted, note);
      }
      return files.map((f) => known.get(keyOf(f.dev, f.ino)) ?? { dev: f.dev, ino: f.ino, deleted: false });
    },
  };
}

// Breadth-first from `roots`, staying on `devs`, until every wanted file is named or the budget is spent.
function walk(
  roots: readonly string[], devs: ReadonlySet<number>, wanted: Map<string, unknown>,
  note: (dev: number, ino: number, path: string) => void,
): void {
  let budget = WALK_BUDGET;
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0 && wanted.size > 0 && budget > 0) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (--budget < 0) return;
      const path = join(dir, name);
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue;
      }
      const dev = kernelDevOfStDev(st.dev);
      if (!devs.has(dev)) continue;
      if (st.isDirectory()) queue.push(path);
      else if (st.isFile() && wanted.delete(keyOf(dev, st.ino))) note(dev, st.ino, path);
    }
  }
}

// The directory a command argument names or lies in, when it exists.
function directoryOf(arg: string): string[] {
  try {
    return [statSync(arg).isDirectory() ? arg : dirname(arg)];
  } catch {
    return [];
  }
}

// Where each of `devs` is mounted (/proc/self/mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT ...").
function mountPointsOf(devs: ReadonlySet<number>): Map<number, string[]> {
  const points = new Map<number, string[]>();
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return points;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const m = /^(\d+):(\d+)$/.exec(fields[2] ?? '');
    const dev = m === null ? undefined : makeDev(Number(m[1]), Number(m[2]));
    if (dev === undefined || !devs.has(dev)) continue;
    points.set(dev, [...(points.get(dev) ?? []), fields[4].replace(/\\040/g, ' ')]);
  }
  return points;
}

// The kernel dev_t of the file system `path` is on, or undefined.
function devOf(path: string): number | undefined {
  try {
    return kernelDevOfStDev(statSync(path).dev);
  } catch {
    return undefined;
  }
}
