// What a recording keeps so its trace reads the same on any machine (docs/design.md §2): each
// distinct stack once (events refer to it by stackId), the symbol of every address in them
// (kernel: /proc/kallsyms; user: the mapped object's ELF symbols, build-id and DWARF lines,
// read while the process lives) and the path of every file (dev, ino) the events name.
//
// observe() sees each event as soon as a collector delivers it: the process may exit soon
// after, so its maps are read then (and a held command's maps are polled while it runs, as it
// may not live until its first event is read). annotate() runs on the merged batches before
// they are written: it gives the events their stack ids and the Symbols delta to write first.
import { readFileSync, readlinkSync } from 'node:fs';
import type { Batch, TraceEvent } from '../../trace/event.js';
import { KERNEL_SPACE_START, type FileEntry, type FrameEntry, type StackEntry, type SymbolsDelta } from '../../trace/trace-symbols.js';
import { createFilePaths, type FilePaths } from '../proc/file-paths.js';
import { readKernelSymbols, type KernelSymbols } from './kernel-symbols.js';
import { readLineInfo } from './line-info.js';
import { readElfImage, type ElfImage } from './elf.js';
import { createProcessSymbolizer, type ProcessSymbolizer, type UserLocation } from './process-symbols.js';

export interface RecordSymbols {
  /** An event as delivered (before the merge window): reads what only the live process can tell. */
  observe(event: TraceEvent): void;
  /** Polls the maps of a command faultline started until stop(), so a short-lived one is symbolized. */
  watch(pid: number): void;
  /** The batch as written (stack ids set) and the Symbols delta to write before it, if any. */
  annotate(batch: Batch): Promise<{ readonly events: Batch; readonly delta?: SymbolsDelta }>;
  stop(): void;
}

export interface RecordSymbolsOptions {
  /** Record stacks (and their symbols); without, only file paths. */
  readonly stacks: boolean;
  /** Directories to look for files in first (the command's arguments). */
  readonly seeds?: readonly string[];
}

const WATCH_MS = 1;
/** How long a command's maps are polled: a program that lives longer is read when its events come. */
const WATCH_FOR_MS = 500;

/** The symbols of one recording. */
export function createRecordSymbols(options: RecordSymbolsOptions): RecordSymbols {
  const files: FilePaths = createFilePaths(options.seeds);
  let kernel: KernelSymbols | undefined;
  const images = new Map<string, ElfImage | undefined>();
  const readImage = (path: string): ElfImage | undefined => {
    if (!images.has(path)) images.set(path, readElfImage(path));
    return images.get(path);
  };
  // Per process: its latest maps text and the symbolizer built from it.
  const maps = new Map<number, { text: string; symbolizer?: ProcessSymbolizer }>();
  const pidOfTid = new Map<number, number>();
  const parentOf = new Map<number, number>();
  // User addresses located at observe time, by "pid:addr" (null: not in any mapped object).
  const located = new Map<string, UserLocation | null>();
  const filesSeen = new Map<string, FileEntry | undefined>();
  const stackIds = new Map<string, number>();
  const framesWritten = new Set<string>();
  const filesWritten = new Set<string>();
  let watcher: NodeJS.Timeout | undefined;

  const readMaps = (pid: number): boolean => {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/maps`, 'utf8');
    } catch {
      return false;
    }
    // An exiting process's maps read empty: keep the last ones.
    if (text === '') return false;
    const entry = maps.get(pid);
    if (entry === undefined || entry.text !== text) maps.set(pid, { text });
    return true;
  };
  // The symbolizer of `pid`: its own maps, else its parent's (a fork has the same layout).
  const symbolizerOf = (pid: number): ProcessSymbolizer | undefined => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && hops < 8; p = parentOf.get(p), hops++) {
      const entry = maps.get(p);
      if (entry === undefined) continue;
      entry.symbolizer ??= createProcessSymbolizer(entry.text, readImage);
      return entry.symbolizer;
    }
    return undefined;
  };
  const locate = (pid: number, addr: bigint): void => {
    const key = `${pid}:${addr.toString(16)}`;
    if (located.has(key)) return;
    if (!maps.has(pid)) readMaps(pid);
    let at = symbolizerOf(pid)?.locate(addr);
    // Mapped since the last read (dlopen): read again while the process lives.
    if (at === undefined && readMaps(pid)) at = symbolizerOf(pid)?.locate(addr);
    located.set(key, at ?? null);
  };

  const stackPid = (event: TraceEvent): number => (event.stack!.some((a) => a < KERNEL_SPACE_START) ? event.pid : 0);

  function kernelFrame(addr: bigint): FrameEntry {
    kernel ??= readKernelSymbols();
    const s = kernel.lookup(addr);
    if (s === undefined) return { pid: 0, addr };
    return { pid: 0, addr, symbol: s.symbol, offset: s.offset, size: s.size, ...(s.module === undefined ? {} : { module: s.module }) };
  }

  // The user frames of `keys`, with lines from each object's DWARF (addr2line, one run per object).
  async function userFrames(keys: readonly { pid: number; addr: bigint }[]): Promise<FrameEntry[]> {
    const frames: FrameEntry[] = [];
    const byObject = new Map<string, { at: UserLocation; i: number }[]>();
    for (const { pid, addr } of keys) {
      const at = located.get(`${pid}:${addr.toString(16)}`) ?? undefined;
      if (at === undefined) {
        frames.push({ pid, addr });
        continue;
      }
      const { symbol } = at;
      const frame: FrameEntry = {
        pid, addr, module: at.object,
        ...(at.buildId === undefined ? {} : { buildId: at.buildId }),
        ...(symbol === undefined ? {} : { symbol: symbol.name, offset: Number(at.linkAddress - symbol.value), size: Number(symbol.size) }),
      };
      const list = byObject.get(at.object) ?? [];
      list.push({ at, i: frames.length });
      byObject.set(at.object, list);
      frames.push(frame);
    }
    for (const [object, list] of byObject) {
      // A return address points past its call: its line is the call's, one byte back.
      const query = list.map(({ at }) => (at.symbol !== undefined && at.linkAddress === at.symbol.value ? at.linkAddress : at.linkAddress - 1n));
      const lines = await readLineInfo(object, query);
      list.forEach(({ i }, j) => {
        const info = lines[j];
        const frame = frames[i];
        const demangled = frame.symbol?.startsWith('_Z') === true && info.function !== undefined ? { symbol: info.function } : {};
        frames[i] = {
          ...frame, ...demangled,
          ...(info.file === undefined ? {} : { file: info.file }), ...(info.line === undefined ? {} : { line: info.line }),
        };
      });
    }
    return frames;
  }

  return {
    observe(event) {
      pidOfTid.set(event.tid, event.pid);
      if (event.kind === 'task') {
        const parentPid = pidOfTid.get(event.task.parentTid);
        if (parentPid !== undefined && parentPid !== event.pid) parentOf.set(event.pid, parentPid);
      }
      if (options.stacks && event.stack !== undefined) {
        for (const addr of event.stack) if (addr < KERNEL_SPACE_START) locate(event.pid, addr);
      }
      for (const f of filesOf(event)) {
        const key = `${f.dev}:${f.ino}`;
        if (!filesSeen.has(key)) filesSeen.set(key, files.lookup(f.dev, f.ino, event.pid));
      }
    },
    watch(pid) {
      // The held shell's maps are of no use, and reading them while it execs the command
      // stalled bpftrace's events of it: read only once its executable has changed.
      const shell = exeOf(pid);
      const until = Date.now() + WATCH_FOR_MS;
      watcher ??= setInterval(() => {
        const exe = exeOf(pid);
        if (exe === undefined || Date.now() > until) clearInterval(watcher);
        else if (exe !== shell && !readMaps(pid)) clearInterval(watcher);
      }, WATCH_MS);
      watcher.unref();
    },
    async annotate(batch) {
      const stacks: StackEntry[] = [];
      const kernelFrames: FrameEntry[] = [];
      const userKeys: { pid: number; addr: bigint }[] = [];
      const newFiles: { dev: number; ino: number }[] = [];
      const events: TraceEvent[] = [];
      for (const event of batch) {
        for (const f of filesOf(event)) {
          const key = `${f.dev}:${f.ino}`;
          if (filesWritten.has(key)) continue;
          filesWritten.add(key);
          newFiles.push(f);
        }
        if (!options.stacks || event.stack === undefined || event.stack.length === 0) {
          events.push(event);
          continue;
        }
        const pid = stackPid(event);
        const key = `${pid}|${event.stack.map((a) => a.toString(16)).join(',')}`;
        let id = stackIds.get(key);
        if (id === undefined) {
          id = stackIds.size + 1;
          stackIds.set(key, id);
          stacks.push({ id, pid, addrs: event.stack });
          for (const addr of event.stack) {
            const framePid = addr >= KERNEL_SPACE_START ? 0 : pid;
            const frameKey = `${framePid}:${addr.toString(16)}`;
            if (framesWritten.has(frameKey)) continue;
            framesWritten.add(frameKey);
            if (framePid === 0) kernelFrames.push(kernelFrame(addr));
            else userKeys.push({ pid, addr });
          }
        }
        events.push({ ...event, stackId: id });
      }
      const known = newFiles.map((f) => filesSeen.get(`${f.dev}:${f.ino}`));
      const settled = files.settle(newFiles.filter((_, i) => known[i] === undefined));
      const fileEntries = [...known.filter((f): f is FileEntry => f !== undefined), ...settled];
      const frames = [...kernelFrames, ...(userKeys.length === 0 ? [] : await userFrames(userKeys))];
      if (stacks.length + frames.length + fileEntries.length === 0) return { events: batch };
      return { events, delta: { stacks, frames, files: fileEntries } };
    },
    stop() {
      clearInterval(watcher);
    },
  };
}

// The executable of a live process (its /proc/PID/exe link), or undefined.
function exeOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/** The files (dev, ino) an event names. */
export function filesOf(event: TraceEvent): { dev: number; ino: number }[] {
  switch (event.kind) {
    case 'dioBegin': return [event.dioBegin];
    case 'dioEnd': return [event.dioEnd];
    case 'dioInvalidateFail': return [event.dioInvalidateFail];
    case 'fault': return event.fault.source === 'FILE' ? [event.fault] : [];
    case 'pagecache': return [event.pagecache];
    case 'mapping': return [event.mapping];
    case 'fileOp': return event.fileOp.ino2 !== 0 ? [event.fileOp, { dev: event.fileOp.dev2, ino: event.fileOp.ino2 }] : [event.fileOp];
    default: return [];
  }
}
