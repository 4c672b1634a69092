import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defineUprobeEvents, removeStaleUprobeEvents, removeUprobeEvents, uprobeEventLine, uprobeGroup,
} from '../../../src/collect/pthread/uprobe-events.js';

const SPEC = { name: 'spin_lock', path: '/lib/x86_64-linux-gnu/libc.so.6', offset: 0x8ff73n, args: 'lock=%di:x64' };

describe('uprobe events', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'faultline-uprobes-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes a definition in the uprobe_events form, in the group of this process', () => {
    expect(uprobeEventLine(uprobeGroup(42), SPEC)).toBe('p:faultline_42/spin_lock /lib/x86_64-linux-gnu/libc.so.6:0x8ff73 lock=%di:x64');
  });

  it('appends definitions and removals, leaving what others defined', async () => {
    await writeFile(join(root, 'uprobe_events'), 'p:other/x /bin/true:0x10\n');
    defineUprobeEvents(root, 'faultline_42', [SPEC, { ...SPEC, name: 'spin_taken', offset: 0x8ff75n }]);
    expect(removeUprobeEvents(root, 'faultline_42', ['spin_lock'])).toEqual(['spin_lock']);
    expect((await readFile(join(root, 'uprobe_events'), 'utf8')).split('\n')).toEqual([
      'p:other/x /bin/true:0x10',
      'p:faultline_42/spin_lock /lib/x86_64-linux-gnu/libc.so.6:0x8ff73 lock=%di:x64',
      'p:faultline_42/spin_taken /lib/x86_64-linux-gnu/libc.so.6:0x8ff75 lock=%di:x64',
      '-:faultline_42/spin_lock',
      '',
    ]);
  });

  it('refuses with one line naming the probe tracefs did not take', () => {
    expect(() => defineUprobeEvents(join(root, 'absent'), 'faultline_42', [SPEC]))
      .toThrow(/expected tracefs to take the uprobe "p:faultline_42\/spin_lock .*:0x8ff73 lock=%di:x64", got .*ENOENT/);
  });

  it('removes the groups of faultline processes that are gone, only them', async () => {
    const proc = join(root, 'proc');
    mkdirSync(join(proc, '300'), { recursive: true });
    await writeFile(join(root, 'uprobe_events'), [
      'p:faultline_300/spin_lock /lib/libc.so.6:0x8ff73 lock=+0(%di):x64',
      'p:faultline_400/spin_lock /lib/libc.so.6:0x8ff73 lock=%di:x64',
      'p:faultline_400/spin_taken /lib/libc.so.6:0x8ff75 lock=%di:x64',
      'r:uprobes/r__lib_libc_so_6 /lib/libc.so.6:0x0000000000008ff70',
      'p:faultline_x/y /lib/libc.so.6:0x1',
      '',
    ].join('\n'));
    expect(removeStaleUprobeEvents(root, proc)).toEqual(['faultline_400/spin_lock', 'faultline_400/spin_taken']);
  });
});
