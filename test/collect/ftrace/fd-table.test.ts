// An fd lookup made late names the right file only when the fd was not closed between the
// syscall and the lookup; the table keeps lookups and tells proven, stale and pending uses apart.
import { describe, expect, it } from 'vitest';
import { createFdTable, usesVerdict } from '../../../src/collect/ftrace/fd-table.js';
import { NOT_A_FILE, type OpenFile } from '../../../src/kernel/ftrace-syscall-state.js';

const A: OpenFile = { dev: 1, ino: 10, direct: false };
const B: OpenFile = { dev: 1, ino: 11, direct: false };

// A table whose /proc says fd 3 of pid 7 is `file`, looked up at time `now`.
function tableOf(file: OpenFile | typeof NOT_A_FILE | undefined, now = 1000) {
  const asked: string[] = [];
  const table = createFdTable((pid, fd) => {
    asked.push(`${pid}:${fd}`);
    return pid === 7 && fd === 3 ? file : undefined;
  }, () => now);
  return { table, asked };
}

describe('createFdTable', () => {
  it('looks an fd up once, and its uses are pending until records up to the lookup are decoded, then valid', () => {
    const { table, asked } = tableOf(A);
    expect(table.fileOf(7, 3, 100)).toEqual(A);
    expect(table.fileOf(7, 3, 200)).toEqual(A);
    expect(asked).toEqual(['7:3']);
    const uses = table.takeUses();
    expect(uses).toHaveLength(2);
    expect(table.takeUses()).toEqual([]);
    expect(usesVerdict(uses, 999)).toBe('pending');
    expect(usesVerdict(uses, 1000)).toBe('valid');
  });

  it('finds a use stale when the fd was closed after the syscall and before the lookup', () => {
    const { table } = tableOf(B);
    table.fileOf(7, 3, 100);
    const early = table.takeUses();
    table.forget(7, 3, 3, 500);
    table.fileOf(7, 3, 600);
    const late = table.takeUses();
    expect(usesVerdict(early, 1000)).toBe('stale');
    expect(usesVerdict(late, 1000)).toBe('valid');
  });

  it('looks the fd up again after a close decoded after the lookup', () => {
    const { table, asked } = tableOf(A);
    table.fileOf(7, 3, 100);
    table.forget(7, 0, 10, 2000);
    table.fileOf(7, 3, 2100);
    expect(asked).toEqual(['7:3', '7:3']);
  });

  it('keeps what is no regular file, and forgets every fd of a process at exec', () => {
    const { table, asked } = tableOf(NOT_A_FILE);
    expect(table.fileOf(7, 3, 100)).toBe(NOT_A_FILE);
    expect(table.fileOf(7, 3, 200)).toBe(NOT_A_FILE);
    table.forget(7, 0, 0x7fffffff, 3000);
    table.fileOf(7, 3, 3100);
    expect(asked).toEqual(['7:3', '7:3']);
  });

  it('decides pending uses as valid at the end of the capture', () => {
    const { table } = tableOf(A, 5000);
    table.fileOf(7, 3, 100);
    expect(usesVerdict(table.takeUses(), 1000, true)).toBe('valid');
  });

  it('looks an fd found closed up again for a syscall after that lookup (it may have been opened since)', () => {
    const { table, asked } = tableOf(undefined);
    expect(table.fileOf(7, 3, 100)).toBeUndefined();
    expect(table.fileOf(7, 3, 900)).toBeUndefined();
    expect(asked).toEqual(['7:3']);
    table.fileOf(7, 3, 1100);
    expect(asked).toEqual(['7:3', '7:3']);
  });
});
