// Where pthread_spin_lock can be probed. Its first instruction is `lock decl (%rdi)`, which the
// kernel's x86 uprobes refuse (ENOTSUPP: is_prefix_bad() in arch/x86/kernel/uprobes.c rejects
// a LOCK prefix), and bpftrace 0.17 places no uprobe at an offset. glibc 2.36's x86_64 code,
// as objdump shows it, is, from the symbol:
//
//   +0  f0 ff 0f     lock decl (%rdi)      the attempt
//   +3  75 XX        jne  <spin>           failed: spin until the word is > 0, then back to +0
//   +5  ...          xor %eax,%eax; ret    taken
//
// so the `jne` at +3 runs after every attempt, before any spinning (the request), and the
// instruction at +5 only once the lock is taken; %rdi still holds the lock at both. Both are
// probed through tracefs uprobe_events, at file offsets. A libc whose bytes differ is
// recorded without spin_lock, and the trace header says why.
import { closeSync, openSync, readSync } from 'node:fs';
import { readElfImage } from '../symbols/elf.js';

export const LIBC_PATH = '/lib/x86_64-linux-gnu/libc.so.6';

/** File offsets (uprobe_events form) of the two probe points, or why there are none. */
export type SpinLockSite =
  | { readonly found: true; readonly request: bigint; readonly taken: bigint }
  | { readonly found: false; readonly why: string };

// `lock decl (%rdi)` then `jne rel8`.
const EXPECTED = [0xf0, 0xff, 0x0f, 0x75];
const LOCK_PREFIX = 0xf0;
const REQUEST_AT = 3n;
const TAKEN_AT = 5n;

// The site in `code`, the first bytes of pthread_spin_lock found at file offset `fileOffset`;
// exported for tests.
export function spinLockSiteOf(code: Uint8Array, fileOffset: bigint): SpinLockSite {
  const head = [...code.subarray(0, EXPECTED.length)];
  if (head.length < EXPECTED.length || head.some((byte, i) => byte !== EXPECTED[i])) {
    const got = head.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return { found: false, why: `pthread_spin_lock starts "${got}", expected "f0 ff 0f 75" (lock decl (%rdi); jne)` };
  }
  // The instruction at +5 is probed too: no LOCK prefix either.
  if (code.length <= Number(TAKEN_AT) || code[Number(TAKEN_AT)] === LOCK_PREFIX) {
    return { found: false, why: 'pthread_spin_lock: the instruction after its jne is missing or LOCK-prefixed' };
  }
  return { found: true, request: fileOffset + REQUEST_AT, taken: fileOffset + TAKEN_AT };
}

// The site in the libc at `path`.
export function findSpinLockSite(path: string = LIBC_PATH): SpinLockSite {
  const image = readElfImage(path);
  if (image === undefined) return { found: false, why: `${path} is not a readable 64-bit ELF file` };
  const symbol = image.symbols.find((s) => s.name === 'pthread_spin_lock');
  if (symbol === undefined) return { found: false, why: `${path} has no pthread_spin_lock symbol` };
  const load = image.loads.find((l) => symbol.value >= l.vaddr && symbol.value < l.vaddr + l.memsz);
  if (load === undefined) return { found: false, why: `pthread_spin_lock (0x${symbol.value.toString(16)}) is in no loaded segment of ${path}` };
  const fileOffset = symbol.value - load.vaddr + load.offset;
  const code = new Uint8Array(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, code, 0, code.length, fileOffset);
  } finally {
    closeSync(fd);
  }
  return spinLockSiteOf(code, fileOffset);
}
