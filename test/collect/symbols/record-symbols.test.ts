// The Symbols a recording writes: each distinct stack once (per process for user stacks), its
// kernel frames from this kernel's kallsyms, every file named once, and the events with ids.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kernelDevOfStDev } from '../../../src/collect/proc/fd-file.js';
import { createRecordSymbols } from '../../../src/collect/symbols/record-symbols.js';
import { describeLive } from '../../helpers/live-requirements.js';
import { acquire, dioBegin } from '../../helpers/trace-builders.js';

describeLive('createRecordSymbols', [], () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-record-symbols-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores each stack once with its kernel symbols, each file once with its path', async () => {
    const line = readFileSync('/proc/kallsyms', 'utf8').split('\n').find((l) => / T vfs_write$/.test(l))!;
    const vfsWrite = BigInt(`0x${line.split(' ')[0]}`);
    const file = join(dir, 'A');
    writeFileSync(file, 'x');
    const st = statSync(file);
    const dev = kernelDevOfStDev(st.dev);
    const stack = [vfsWrite + 0x10n, vfsWrite + 0x20n];
    const symbols = createRecordSymbols({ stacks: true, seeds: [dir] });
    const batch = [
      acquire(1, 1, 'EXCLUSIVE', { stack }),
      acquire(2, 2, 'EXCLUSIVE', { stack: [...stack] }),
      dioBegin(1, dev, st.ino, 0, 4096),
      acquire(1, 3),
    ];
    for (const e of batch) symbols.observe(e);
    const { events, delta } = await symbols.annotate(batch);
    expect(events.map((e) => e.stackId)).toEqual([1, 1, undefined, undefined]);
    expect(delta?.stacks).toEqual([{ id: 1, pid: 0, addrs: stack }]);
    expect(delta?.frames.map((f) => [f.symbol, f.offset])).toEqual([['vfs_write', 0x10], ['vfs_write', 0x20]]);
    expect(delta?.files).toEqual([{ dev, ino: st.ino, path: file, deleted: false }]);
    // Nothing new the second time.
    expect((await symbols.annotate(batch)).delta).toBeUndefined();
    symbols.stop();
  });
});
