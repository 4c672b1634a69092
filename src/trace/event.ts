// The in-memory trace event: the proto3 `faultline.v1.Event` with its oneof as `kind`.
//
// Units and representations (the trace format's contract is schemas/trace.proto):
// - `ts`: nanoseconds on the trace clock (CLOCK_MONOTONIC for kernel collectors); fits a number.
// - 64-bit ids and addresses (lock ids, lock/mm/fault addresses, stack frames, buffers) are
//   `bigint`, exact; kernel addresses (0xffff…) do not fit a number.
// - `dev` is the kernel dev_t (major << 20 | minor); `ino`, `pos`, `len`, `index` are numbers.
// Payload objects mirror the proto messages, so canonical proto3 JSON maps 1:1.

export type LockMode = 'EXCLUSIVE' | 'SHARED' | 'SHARED_RECURSIVE' | 'ADD' | 'BLOCK';
export const LOCK_MODES: readonly LockMode[] = ['EXCLUSIVE', 'SHARED', 'SHARED_RECURSIVE', 'ADD', 'BLOCK'];
export type LockOpKind = 'ACQUIRE' | 'RELEASE' | 'TRY_FAILED' | 'FAILED' | 'INIT' | 'DESTROY';
export type LockType =
  | 'UNKNOWN_TYPE' | 'MUTEX' | 'MUTEX_RECURSIVE' | 'MUTEX_ERRORCHECK'
  | 'RWLOCK_PREFER_READER' | 'RWLOCK_PREFER_WRITER' | 'RWLOCK_PREFER_WRITER_NONRECURSIVE' | 'SPINLOCK';
export type FaultSource = 'USER' | 'KERNEL' | 'FILE';
export type FileOpKind = 'TRUNCATE' | 'PUNCH' | 'REMAP' | 'BUFFERED_READ' | 'BUFFERED_WRITE' | 'READAHEAD';

export interface TaskInfo { readonly parentTid: number; readonly comm: string }
export type TaskExit = Readonly<Record<string, never>>;
export interface TaskJoin { readonly joinedTid: number }
export interface LockOp {
  readonly op: LockOpKind;
  readonly lock: bigint;
  /** Lock class; '' means "the instance itself". */
  readonly cls: string;
  readonly mode: LockMode;
  readonly try: boolean;
  readonly subclass: number;
  readonly name?: string;
  /** What the lock is (pthread collector), when known. */
  readonly type?: LockType;
  readonly robust?: boolean;
}
export interface Contention { readonly lockAddr: bigint; readonly flags: number; readonly phase: 'BEGIN' | 'END'; readonly ret: number }
export interface MmapLock { readonly mm: bigint; readonly write: boolean; readonly phase: 'START' | 'ACQUIRED' | 'RELEASED'; readonly success: boolean }
export interface DioBegin {
  readonly dev: number; readonly ino: number; readonly pos: number; readonly len: number;
  /** From the enclosing syscall; unknown direction is recorded as a write. */
  readonly write: boolean;
  readonly aio: boolean; readonly flags: number;
  /** User buffer address of the enclosing syscall, 0n when unknown. */
  readonly buf: bigint;
}
export interface DioEnd { readonly dev: number; readonly ino: number; readonly pos: number; readonly ret: number; readonly error: number }
export interface DioInvalidateFail { readonly dev: number; readonly ino: number; readonly pos: number; readonly len: number }
export interface PageFault {
  readonly source: FaultSource; readonly address: bigint; readonly ip: bigint; readonly errorCode: number;
  readonly dev: number; readonly ino: number;
  /** Page index in the file (PAGE_SIZE units), FILE faults only. */
  readonly index: number;
  readonly write: boolean;
}
export interface PageCache { readonly op: 'ADD' | 'DELETE'; readonly dev: number; readonly ino: number; readonly index: number; readonly order: number }
export interface FileOp {
  readonly op: FileOpKind; readonly phase: 'BEGIN' | 'END';
  readonly dev: number; readonly ino: number; readonly dev2: number; readonly ino2: number;
  readonly pos: number; readonly len: number; readonly buf: bigint;
}
export interface Lost { readonly count: number; readonly source: string }
export interface Mapping { readonly start: bigint; readonly len: number; readonly dev: number; readonly ino: number; readonly offset: number }

export interface EventCommon {
  readonly ts: number;
  readonly tid: number;
  readonly pid: number;
  readonly cpu: number;
  readonly comm?: string;
  readonly stack?: readonly bigint[];
  /**
   * The stack's id in the trace's Symbols records (trace-symbols.ts); readers set `stack` from
   * it. A writer given both writes the id only.
   */
  readonly stackId?: number;
}

export type EventBody =
  | { readonly kind: 'task'; readonly task: TaskInfo }
  | { readonly kind: 'exit'; readonly exit: TaskExit }
  | { readonly kind: 'join'; readonly join: TaskJoin }
  | { readonly kind: 'lock'; readonly lock: LockOp }
  | { readonly kind: 'contention'; readonly contention: Contention }
  | { readonly kind: 'mmapLock'; readonly mmapLock: MmapLock }
  | { readonly kind: 'dioBegin'; readonly dioBegin: DioBegin }
  | { readonly kind: 'dioEnd'; readonly dioEnd: DioEnd }
  | { readonly kind: 'dioInvalidateFail'; readonly dioInvalidateFail: DioInvalidateFail }
  | { readonly kind: 'fault'; readonly fault: PageFault }
  | { readonly kind: 'pagecache'; readonly pagecache: PageCache }
  | { readonly kind: 'fileOp'; readonly fileOp: FileOp }
  | { readonly kind: 'lost'; readonly lost: Lost }
  | { readonly kind: 'mapping'; readonly mapping: Mapping };

export type TraceEvent = EventCommon & EventBody;
export type EventKind = EventBody['kind'];
export const EVENT_KINDS: readonly EventKind[] = [
  'task', 'exit', 'join', 'lock', 'contention', 'mmapLock', 'dioBegin', 'dioEnd',
  'dioInvalidateFail', 'fault', 'pagecache', 'fileOp', 'lost', 'mapping',
];

/** Events travel in batches (a few thousand each); RxJS moves batches, never single events. */
export type Batch = readonly TraceEvent[];

export interface Header {
  readonly version: number;
  readonly collector: string;
  readonly hostname: string;
  readonly kernel: string;
  readonly startUnixNs: bigint;
  readonly clock: string;
  readonly meta: Readonly<Record<string, string>>;
}

export interface Footer {
  readonly events: number;
  readonly lost: number;
  readonly complete: boolean;
  readonly endNs: number;
}
