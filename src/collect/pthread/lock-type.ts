// The lock type of a pthread lock object, from the kind word collectors/pthread.bt reads from it
// (glibc's layout: a mutex's __data.__kind, an rwlock's __data.__flags; -1 when unread).
import type { LockType } from '../../trace/event.js';

/** pthread.bt's prim field: which family of primitive a call is on. */
export type PthreadPrim = 'mutex' | 'rwlock' | 'spin';
export const PTHREAD_PRIMS: readonly PthreadPrim[] = ['mutex', 'rwlock', 'spin'];

/** What a kind word says: the type and robustness, or nothing when unknown. */
export interface KnownLockType {
  readonly type: LockType;
  readonly robust: boolean;
}

// glibc's mutex kinds (bits 0-1 of __kind): PTHREAD_MUTEX_TIMED_NP (normal), RECURSIVE_NP,
// ERRORCHECK_NP, ADAPTIVE_NP (a normal mutex that spins a while first); bit 4 is ROBUST.
const MUTEX_TYPES: readonly LockType[] = ['MUTEX', 'MUTEX_RECURSIVE', 'MUTEX_ERRORCHECK', 'MUTEX'];
const MUTEX_ROBUST_BIT = 0x10;
// glibc's rwlock __flags: PTHREAD_RWLOCK_PREFER_READER_NP, PREFER_WRITER_NP, PREFER_WRITER_NONRECURSIVE_NP.
const RWLOCK_TYPES: readonly LockType[] = ['RWLOCK_PREFER_READER', 'RWLOCK_PREFER_WRITER', 'RWLOCK_PREFER_WRITER_NONRECURSIVE'];

// The type of a `prim` lock whose kind word is `kind`; undefined when it is unread or invalid
// (a destroyed glibc mutex has __kind -1).
export function pthreadLockType(prim: PthreadPrim, kind: number): KnownLockType | undefined {
  switch (prim) {
    case 'spin': return { type: 'SPINLOCK', robust: false };
    case 'mutex':
      return kind < 0 ? undefined : { type: MUTEX_TYPES[kind & 3], robust: (kind & MUTEX_ROBUST_BIT) !== 0 };
    case 'rwlock': {
      const type = RWLOCK_TYPES[kind];
      return type === undefined ? undefined : { type, robust: false };
    }
  }
}
