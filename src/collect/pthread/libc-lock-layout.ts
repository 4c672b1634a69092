// Whether collectors/pthread.bt may read lock kinds from lock objects: glibc 2.25 and later on
// x86_64 keep a mutex's kind at offset 16 (__data.__kind) and an rwlock's at 48
// (__data.__flags). The running libc's version comes from `getconf GNU_LIBC_VERSION`.
import { execFileSync } from 'node:child_process';
import { arch } from 'node:os';

/** What the trace header says about lock types (meta `pthread.lockTypes`), and whether to read them. */
export interface LibcLockLayout {
  readonly known: boolean;
  readonly meta: string;
}

const FIRST_KNOWN: readonly [number, number] = [2, 25];

// The layout of `version` (getconf's "glibc 2.36") on `machine`; exported for tests.
export function lockLayoutOf(version: string | undefined, machine: string): LibcLockLayout {
  const m = version === undefined ? null : /^glibc (\d+)\.(\d+)/.exec(version.trim());
  if (m === null) {
    const why = version === undefined ? 'getconf GNU_LIBC_VERSION failed' : `libc ${JSON.stringify(version.trim())} is not glibc`;
    return { known: false, meta: `unknown: ${why}` };
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const name = `glibc ${major}.${minor}`;
  if (machine !== 'x64') return { known: false, meta: `unknown: ${name} on ${machine} (layout known for x86_64 only)` };
  if (major < FIRST_KNOWN[0] || (major === FIRST_KNOWN[0] && minor < FIRST_KNOWN[1])) {
    return { known: false, meta: `unknown: ${name} (layout known from glibc 2.25)` };
  }
  return { known: true, meta: `${name}: mutex __kind at 16, rwlock __flags at 48` };
}

// The running libc's layout.
export function libcLockLayout(): LibcLockLayout {
  let version: string | undefined;
  try {
    version = execFileSync('getconf', ['GNU_LIBC_VERSION'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    version = undefined;
  }
  return lockLayoutOf(version, arch());
}
