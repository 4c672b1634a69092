// The Symbols records of a trace (schemas/trace.proto) as one table, filled as the records are
// read: stacks by id, the symbol of each address (kernel, or user per process) and the path of
// each file. Readers fill it before they decode the batches that refer to it.
import type { ProtoObject } from './event-proto.js';
import type { StackLookup } from './fast-event-decoder.js';
import { bigIntFromLong, longFromBigInt, numberFromLong, type ProtoLong } from './trace-schema.js';

/** A distinct stack: `pid` is the process its user addresses belong to. */
export interface StackEntry { readonly id: number; readonly pid: number; readonly addrs: readonly bigint[] }

/** One address symbolized at record time; `pid` 0 for a kernel address. */
export interface FrameEntry {
  readonly pid: number;
  readonly addr: bigint;
  readonly symbol?: string;
  readonly offset?: number;
  readonly size?: number;
  /** Kernel: the module (absent for vmlinux); user: the mapped object's path. */
  readonly module?: string;
  readonly buildId?: string;
  readonly file?: string;
  readonly line?: number;
}

/** The path of a file at record time; `path` absent when it could not be found. */
export interface FileEntry { readonly dev: number; readonly ino: number; readonly path?: string; readonly deleted: boolean }

/** What one Symbols record adds. */
export interface SymbolsDelta {
  readonly stacks: readonly StackEntry[];
  readonly frames: readonly FrameEntry[];
  readonly files: readonly FileEntry[];
}

/** The table of one trace. */
export interface TraceSymbols extends StackLookup {
  /** Everything added so far, in order (a reader in another thread sends the tails on). */
  readonly stacks: readonly StackEntry[];
  readonly frames: readonly FrameEntry[];
  readonly files: readonly FileEntry[];
  add(delta: SymbolsDelta): void;
  /** The frames of a stack: symbolized where the trace says, else the bare address. */
  framesOf(stack: readonly bigint[]): readonly FrameEntry[];
  /** The file (dev, ino) as recorded, or undefined. */
  fileOf(dev: number, ino: number): FileEntry | undefined;
}

/** Addresses from here up are the kernel's (x86-64 and arm64 canonical high half). */
export const KERNEL_SPACE_START = 0xffff_8000_0000_0000n;

// Map key of a frame: kernel addresses are one table, user addresses are per process.
function frameKey(pid: number, addr: bigint): string {
  return addr >= KERNEL_SPACE_START ? addr.toString(16) : `${pid}:${addr.toString(16)}`;
}

/** An empty table. */
export function createTraceSymbols(): TraceSymbols {
  const stacks: StackEntry[] = [];
  const frames: FrameEntry[] = [];
  const files: FileEntry[] = [];
  const byId = new Map<number, StackEntry>();
  // The entry of each stack array handed out (events share them): its process.
  const owner = new WeakMap<readonly bigint[], StackEntry>();
  const frameByKey = new Map<string, FrameEntry>();
  // A user address by itself, for stacks the table did not hand out (first process wins).
  const frameByAddr = new Map<bigint, FrameEntry>();
  const fileByKey = new Map<string, FileEntry>();
  return {
    stacks,
    frames,
    files,
    add(delta) {
      for (const s of delta.stacks) {
        stacks.push(s);
        byId.set(s.id, s);
        owner.set(s.addrs, s);
      }
      for (const f of delta.frames) {
        frames.push(f);
        frameByKey.set(frameKey(f.pid, f.addr), f);
        if (!frameByAddr.has(f.addr)) frameByAddr.set(f.addr, f);
      }
      for (const f of delta.files) {
        files.push(f);
        fileByKey.set(`${f.dev}:${f.ino}`, f);
      }
    },
    stack(id) {
      return byId.get(id)?.addrs;
    },
    framesOf(stack) {
      const pid = owner.get(stack)?.pid;
      return stack.map((addr) =>
        (pid === undefined ? frameByAddr.get(addr) : frameByKey.get(frameKey(pid, addr))) ?? { pid: pid ?? 0, addr });
    },
    fileOf(dev, ino) {
      return fileByKey.get(`${dev}:${ino}`);
    },
  };
}

/** The delta of a decoded Symbols message. */
export function symbolsFromProto(message: ProtoObject): SymbolsDelta {
  const list = (name: string): readonly ProtoObject[] => (message[name] as readonly ProtoObject[] | undefined) ?? [];
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const count = (value: unknown): number | undefined => {
    const n = value === undefined || value === null ? 0 : numberFromLong(value as ProtoLong);
    return n === 0 ? undefined : n;
  };
  return {
    stacks: list('stacks').map((s) => ({
      id: s.id as number, pid: s.pid as number, addrs: ((s.addrs as ProtoLong[] | undefined) ?? []).map(bigIntFromLong),
    })),
    frames: list('frames').map((f) => dropUndefined({
      pid: f.pid as number, addr: bigIntFromLong(f.addr as ProtoLong),
      symbol: text(f.symbol), offset: text(f.symbol) === undefined ? undefined : numberFromLong((f.offset ?? 0) as ProtoLong),
      size: count(f.size), module: text(f.module), buildId: text(f.buildId), file: text(f.file), line: count(f.line),
    }) satisfies FrameEntry),
    files: list('files').map((f) => dropUndefined({
      dev: f.dev as number, ino: numberFromLong(f.ino as ProtoLong), path: text(f.path), deleted: f.deleted === true,
    }) satisfies FileEntry),
  };
}

/** A plain object that SymbolsType.encode writes. */
export function symbolsToProto(delta: SymbolsDelta): ProtoObject {
  return {
    stacks: delta.stacks.map((s) => ({ id: s.id, pid: s.pid, addrs: s.addrs.map(longFromBigInt) })),
    frames: delta.frames.map((f) => ({
      pid: f.pid, addr: longFromBigInt(f.addr), symbol: f.symbol ?? '', offset: f.offset ?? 0, size: f.size ?? 0,
      module: f.module ?? '', buildId: f.buildId ?? '', file: f.file ?? '', line: f.line ?? 0,
    })),
    files: delta.files.map((f) => ({ dev: f.dev, ino: f.ino, path: f.path ?? '', deleted: f.deleted })),
  };
}

function dropUndefined<T extends object>(object: T): T {
  const record = object as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return object;
}
