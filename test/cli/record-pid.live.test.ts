// `faultline record --pid` for real, as root: attached to a running program whose threads were
// created before the attach, each kernel collector records both threads (and no other task)
// and `check` finds S2's inversion; unrelated processes contending on kernel locks meanwhile
// leave nothing in the trace.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import { describeLive } from '../helpers/live-requirements.js';
import { buildRecordReproducer, faultline, removeReproducer, verdicts } from '../helpers/record-cli.js';

describeLive('faultline record --pid', ['gcc', 'bpftrace'], () => {
  let binary: string;
  let dioLoop: string;
  beforeAll(async () => {
    binary = await buildRecordReproducer('s2-attach');
    dioLoop = await buildRecordReproducer('dio-loop');
  });
  afterAll(async () => {
    await removeReproducer(binary);
    await removeReproducer(dioLoop);
  });

  it.each(['ftrace', 'bpftrace'])('%s records every thread of a running process, only them, and its AB/BA', async (collector) => {
    const dir = await mkdtemp('/var/tmp/faultline-attach-');
    const target = execa(binary, [dir], { reject: false });
    // Unrelated writers at the same time: their events must not reach the trace.
    const others = execa('sh', ['-c', `while :; do ${dioLoop} ${dir} 200 >/dev/null || exit 1; done`], { reject: false });
    try {
      await new Promise<void>((resolve) => createInterface({ input: target.stdout! }).once('line', () => resolve()));
      const threads = (await readdir(`/proc/${target.pid}/task`)).map(Number).filter((t) => t !== target.pid).sort();
      const trace = join(dir, 'trace.pb');
      const run = await faultline(['record', '--collector', collector, '--pid', String(target.pid), '--duration', '3', '-o', trace]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      expect(String(run.stderr)).toMatch(/recorded \d+ events \(0 lost\)/);

      const input = await openInput(trace);
      const tids = new Set<number>();
      for await (const batch of input.batches()) for (const event of batch) if (event.kind !== 'lost') tids.add(event.tid);
      expect([...tids].sort()).toEqual(threads);
      // The loop repeats S2, so naive and mainline may find more (the same page cached, then
      // written with O_DIRECT); fdm finds the inversion, which fdm-ordered's order removes.
      const found = await verdicts(trace);
      expect(found.naive).toMatch(/cycle/);
      expect(found).toMatchObject({ fdm: 'cycle', 'fdm-ordered': 'none' });
    } finally {
      target.kill('SIGKILL');
      others.kill('SIGKILL');
      await Promise.all([target, others]);
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
