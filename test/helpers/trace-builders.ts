// Builders of TraceEvents and Headers for tests. Every builder takes the fields that matter
// positionally and the rest in `opts`; ts defaults to 0 (use `timed` for a sequence) and pid to
// the tid.
import type {
  Contention, DioBegin, DioEnd, FaultSource, FileOp, FileOpKind, Header, LockMode, LockOp,
  LockOpKind, MmapLock, PageFault, TraceEvent,
} from '../../src/trace/event.js';
import { makeDev } from '../../src/trace/dev.js';

export interface CommonOpts {
  readonly ts?: number;
  readonly pid?: number;
  readonly cpu?: number;
  readonly comm?: string;
  readonly stack?: readonly bigint[];
}

/** 254:0 as a kernel dev_t, the device of the project's test machines. */
export const DEV_254_0 = makeDev(254, 0);

function common(tid: number, opts: CommonOpts): Pick<TraceEvent, 'ts' | 'tid' | 'pid' | 'cpu' | 'comm' | 'stack'> {
  const event: { ts: number; tid: number; pid: number; cpu: number; comm?: string; stack?: readonly bigint[] } = {
    ts: opts.ts ?? 0,
    tid,
    pid: opts.pid ?? tid,
    cpu: opts.cpu ?? 0,
  };
  if (opts.comm !== undefined) event.comm = opts.comm;
  if (opts.stack !== undefined) event.stack = opts.stack;
  return event;
}

/** The same events with ts = (i + 1) * stepNs. */
export function timed(events: readonly TraceEvent[], stepNs = 1000): TraceEvent[] {
  return events.map((event, i) => ({ ...event, ts: (i + 1) * stepNs }));
}

export function taskEvent(tid: number, parentTid: number, comm: string, opts: CommonOpts = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'task', task: { parentTid, comm } };
}

export function exitEvent(tid: number, opts: CommonOpts = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'exit', exit: {} };
}

export function joinEvent(tid: number, joinedTid: number, opts: CommonOpts = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'join', join: { joinedTid } };
}

export type LockOpts = CommonOpts & Partial<Pick<LockOp, 'cls' | 'mode' | 'try' | 'subclass' | 'name' | 'type' | 'robust'>>;

/** A lock operation; `lock` as a number is converted to the bigint id. */
export function lockEvent(tid: number, op: LockOpKind, lock: bigint | number, opts: LockOpts = {}): TraceEvent {
  const payload: { -readonly [K in keyof LockOp]: LockOp[K] } = {
    op,
    lock: BigInt(lock),
    cls: opts.cls ?? '',
    mode: opts.mode ?? 'EXCLUSIVE',
    try: opts.try ?? false,
    subclass: opts.subclass ?? 0,
  };
  if (opts.name !== undefined) payload.name = opts.name;
  if (opts.type !== undefined) payload.type = opts.type;
  if (opts.robust !== undefined) payload.robust = opts.robust;
  return { ...common(tid, opts), kind: 'lock', lock: payload };
}

export const acquire = (tid: number, lock: bigint | number, mode: LockMode = 'EXCLUSIVE', opts: LockOpts = {}): TraceEvent =>
  lockEvent(tid, 'ACQUIRE', lock, { ...opts, mode });
export const release = (tid: number, lock: bigint | number, opts: LockOpts = {}): TraceEvent =>
  lockEvent(tid, 'RELEASE', lock, opts);

export function contentionEvent(tid: number, phase: Contention['phase'], lockAddr: bigint, opts: CommonOpts & Partial<Contention> = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'contention', contention: { lockAddr, flags: opts.flags ?? 0, phase, ret: opts.ret ?? 0 } };
}

export function mmapLockEvent(tid: number, phase: MmapLock['phase'], mm: bigint, opts: CommonOpts & Partial<MmapLock> = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'mmapLock', mmapLock: { mm, write: opts.write ?? false, phase, success: opts.success ?? true } };
}

export function dioBegin(tid: number, dev: number, ino: number, pos: number, len: number, opts: CommonOpts & Partial<DioBegin> = {}): TraceEvent {
  return {
    ...common(tid, opts),
    kind: 'dioBegin',
    dioBegin: { dev, ino, pos, len, write: opts.write ?? true, aio: opts.aio ?? false, flags: opts.flags ?? 0, buf: opts.buf ?? 0n },
  };
}

export function dioEnd(tid: number, dev: number, ino: number, pos: number, ret: number, opts: CommonOpts & Partial<DioEnd> = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'dioEnd', dioEnd: { dev, ino, pos, ret, error: opts.error ?? 0 } };
}

export function dioInvalidateFail(tid: number, dev: number, ino: number, pos: number, len: number, opts: CommonOpts = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'dioInvalidateFail', dioInvalidateFail: { dev, ino, pos, len } };
}

export function faultEvent(tid: number, source: FaultSource, opts: CommonOpts & Partial<PageFault> = {}): TraceEvent {
  return {
    ...common(tid, opts),
    kind: 'fault',
    fault: {
      source, address: opts.address ?? 0n, ip: opts.ip ?? 0n, errorCode: opts.errorCode ?? 0,
      dev: opts.dev ?? 0, ino: opts.ino ?? 0, index: opts.index ?? 0, write: opts.write ?? false,
    },
  };
}

/** A FILE fault (mm_filemap_fault) on page `index` of (dev, ino). */
export function fileFault(tid: number, dev: number, ino: number, index: number, opts: CommonOpts & Partial<PageFault> = {}): TraceEvent {
  return faultEvent(tid, 'FILE', { ...opts, dev, ino, index });
}

export function pagecacheEvent(tid: number, op: 'ADD' | 'DELETE', dev: number, ino: number, index: number, opts: CommonOpts & { order?: number } = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'pagecache', pagecache: { op, dev, ino, index, order: opts.order ?? 0 } };
}

export function fileOpEvent(tid: number, op: FileOpKind, phase: FileOp['phase'], dev: number, ino: number, opts: CommonOpts & Partial<FileOp> = {}): TraceEvent {
  return {
    ...common(tid, opts),
    kind: 'fileOp',
    fileOp: { op, phase, dev, ino, dev2: opts.dev2 ?? 0, ino2: opts.ino2 ?? 0, pos: opts.pos ?? 0, len: opts.len ?? 0, buf: opts.buf ?? 0n },
  };
}

export function lostEvent(count: number, source: string, opts: CommonOpts & { tid?: number } = {}): TraceEvent {
  return { ...common(opts.tid ?? 0, opts), kind: 'lost', lost: { count, source } };
}

export function mappingEvent(tid: number, start: bigint, len: number, dev: number, ino: number, offset = 0, opts: CommonOpts = {}): TraceEvent {
  return { ...common(tid, opts), kind: 'mapping', mapping: { start, len, dev, ino, offset } };
}

/** A Header with test values; override any field. */
export function traceHeader(overrides: Partial<Header> = {}): Header {
  return {
    version: 1,
    collector: 'test',
    hostname: 'testhost',
    kernel: '6.18.0',
    startUnixNs: 1_741_142_004_000_000_000n,
    clock: 'mono',
    meta: {},
    ...overrides,
  };
}

/** A kernel text address beyond 2^53, as in lock ids and stacks. */
export const KERNEL_ADDRESS = 0xffffffff81234567n;

/** One event of every kind with non-default and extreme values (for round trips). */
export function eventsOfEveryKind(): TraceEvent[] {
  const stack = [KERNEL_ADDRESS, 0xffffffffffffffffn, 1n];
  return timed([
    taskEvent(100, 1, 'init-child', { comm: 'parent' }),
    exitEvent(100),
    joinEvent(1, 100),
    lockEvent(100, 'ACQUIRE', 0xffff888012345678n, { cls: '&inode->i_rwsem', mode: 'SHARED', try: true, subclass: 2, name: 'i_rwsem', stack }),
    lockEvent(100, 'RELEASE', 1n, { mode: 'SHARED_RECURSIVE' }),
    lockEvent(101, 'TRY_FAILED', 2n, { mode: 'BLOCK', comm: 'bcachefs' }),
    lockEvent(101, 'ACQUIRE', 3n, { mode: 'ADD' }),
    contentionEvent(102, 'BEGIN', 0xffff888000001000n, { flags: 0x22 }),
    contentionEvent(102, 'END', 0xffff888000001000n, { ret: -4 }),
    mmapLockEvent(103, 'START', 0xffff888011112222n, { write: true, success: false }),
    mmapLockEvent(103, 'ACQUIRED', 0xffff888011112222n),
    mmapLockEvent(103, 'RELEASED', 0xffff888011112222n),
    dioBegin(104, DEV_254_0, 2_164_945, -1, 4096, { aio: true, flags: 0x20000, buf: 0x7ffc9afbf000n }),
    dioEnd(104, DEV_254_0, 2_164_945, 4096, -5, { error: -5 }),
    dioInvalidateFail(104, DEV_254_0, 12, 8192, 4096),
    faultEvent(105, 'USER', { address: 0x7f0000001000n, ip: 0x401000n, errorCode: 6, write: true }),
    faultEvent(105, 'KERNEL', { address: KERNEL_ADDRESS, ip: 0xffffffff81000000n }),
    fileFault(105, DEV_254_0, 13, 2 ** 40),
    pagecacheEvent(106, 'ADD', DEV_254_0, 13, 7, { order: 2 }),
    pagecacheEvent(106, 'DELETE', DEV_254_0, 13, 7),
    fileOpEvent(107, 'REMAP', 'BEGIN', DEV_254_0, 12, { dev2: makeDev(8, 1), ino2: 13, pos: 0, len: 2 ** 33 }),
    fileOpEvent(107, 'BUFFERED_WRITE', 'END', DEV_254_0, 12, { buf: 0x7ffc00000000n }),
    lostEvent(42, 'cpu1', { tid: 0 }),
    mappingEvent(108, 0x7f1234560000n, 1 << 20, DEV_254_0, 13, 4096),
  ]).map((event, i, all) => (i === all.length - 1 ? { ...event, ts: Number.MAX_SAFE_INTEGER } : event));
}

/** One lock event of each pthread op and lock type (FAILED, INIT, DESTROY; types, robust). */
export function pthreadLockEvents(): TraceEvent[] {
  return [
    lockEvent(1, 'INIT', 0x5581a8c3b040n, { type: 'MUTEX_RECURSIVE', robust: true }),
    lockEvent(1, 'ACQUIRE', 0x5581a8c3b040n, { type: 'MUTEX_ERRORCHECK' }),
    lockEvent(1, 'FAILED', 0x5581a8c3b040n),
    lockEvent(2, 'ACQUIRE', 0x5581a8c3b080n, { mode: 'SHARED', type: 'RWLOCK_PREFER_READER' }),
    lockEvent(2, 'ACQUIRE', 0x5581a8c3b0c0n, { mode: 'SHARED', type: 'RWLOCK_PREFER_WRITER' }),
    lockEvent(2, 'ACQUIRE', 0x5581a8c3b100n, { type: 'RWLOCK_PREFER_WRITER_NONRECURSIVE' }),
    lockEvent(2, 'TRY_FAILED', 0x5581a8c3b140n, { try: true, type: 'SPINLOCK' }),
    lockEvent(2, 'INIT', 0x5581a8c3b180n, { type: 'MUTEX' }),
    lockEvent(2, 'DESTROY', 0x5581a8c3b180n),
  ];
}
