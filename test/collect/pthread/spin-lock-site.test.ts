import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSpinLockSite, LIBC_PATH, spinLockSiteOf } from '../../../src/collect/pthread/spin-lock-site.js';

// glibc 2.36's pthread_spin_lock (x86_64): lock decl (%rdi); jne +0xb; xor %eax,%eax; ret.
const GLIBC_236 = Uint8Array.from([0xf0, 0xff, 0x0f, 0x75, 0x0b, 0x31, 0xc0, 0xc3]);

describe('spinLockSiteOf', () => {
  it('probes the jne after the lock decl (the request) and the instruction after it (taken), as file offsets', () => {
    expect(spinLockSiteOf(GLIBC_236, 0x8ff70n)).toEqual({ found: true, request: 0x8ff73n, taken: 0x8ff75n });
  });

  it.each([
    { name: 'a cmpxchg loop', code: [0xb8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xc9, 0xf0], why: /starts "b8 01 00 00", expected "f0 ff 0f 75"/ },
    { name: 'a lock decl not followed by jne', code: [0xf0, 0xff, 0x0f, 0x74, 0x0b, 0x31, 0xc0, 0xc3], why: /expected "f0 ff 0f 75"/ },
    { name: 'a LOCK-prefixed instruction after the jne', code: [0xf0, 0xff, 0x0f, 0x75, 0x0b, 0xf0, 0xff, 0x0f], why: /LOCK-prefixed/ },
    { name: 'too few bytes', code: [0xf0, 0xff], why: /starts "f0 ff"/ },
  ])('finds no site in $name, and says why', ({ code, why }) => {
    const site = spinLockSiteOf(Uint8Array.from(code), 0x1000n);
    expect(site.found).toBe(false);
    expect(site.found ? '' : site.why).toMatch(why);
  });
});

describe('findSpinLockSite', () => {
  it('says why when the file is no ELF object', () => {
    const site = findSpinLockSite('/proc/self/status');
    expect(site).toEqual({ found: false, why: '/proc/self/status is not a readable 64-bit ELF file' });
  });

  it.runIf(existsSync(LIBC_PATH))('finds the site in this machine\'s libc (glibc 2.36): the jne after the lock decl, at file offsets', () => {
    const site = findSpinLockSite();
    expect(site.found, site.found ? '' : site.why).toBe(true);
    if (!site.found) return;
    const bytes = Buffer.alloc(5);
    const fd = openSync(LIBC_PATH, 'r');
    readSync(fd, bytes, 0, 5, site.request - 3n);
    closeSync(fd);
    expect([...bytes]).toEqual([0xf0, 0xff, 0x0f, 0x75, bytes[4]]);
    expect(site.taken).toBe(site.request + 2n);
  });
});
