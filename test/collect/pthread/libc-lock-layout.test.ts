import { describe, expect, it } from 'vitest';
import { libcLockLayout, lockLayoutOf } from '../../../src/collect/pthread/libc-lock-layout.js';

describe('lockLayoutOf', () => {
  it.each([
    ['glibc 2.36\n', 'x64', true, 'glibc 2.36: mutex __kind at 16, rwlock __flags at 48'],
    ['glibc 2.25', 'x64', true, 'glibc 2.25: mutex __kind at 16, rwlock __flags at 48'],
    ['glibc 2.24', 'x64', false, 'unknown: glibc 2.24 (layout known from glibc 2.25)'],
    ['glibc 2.36', 'arm64', false, 'unknown: glibc 2.36 on arm64 (layout known for x86_64 only)'],
    ['musl', 'x64', false, 'unknown: libc "musl" is not glibc'],
    [undefined, 'x64', false, 'unknown: getconf GNU_LIBC_VERSION failed'],
  ])('reads %j on %s', (version, machine, known, meta) => {
    expect(lockLayoutOf(version, machine)).toEqual({ known, meta });
  });

  it('finds the running libc', () => {
    expect(libcLockLayout().meta).toMatch(/^(glibc \d+\.\d+: mutex|unknown: )/);
  });
});
