import { describe, expect, it } from 'vitest';
import { createRingBufferMerge } from '../../../src/collect/ftrace/ring-buffer-merge.js';
import { buildPage, LAYOUT, payload, withMissed } from '../../helpers/ring-buffer-pages.js';

// Pages whose records carry their time's last byte as data: [cpu, ts % 256].
function pages(cpu: number, times: readonly number[]): Uint8Array {
  const out = new Uint8Array(LAYOUT.size * Math.max(1, Math.ceil(times.length / 2)));
  for (let p = 0; p * 2 < times.length; p++) {
    const own = times.slice(p * 2, p * 2 + 2);
    out.set(buildPage(own[0], own.map((t, i) => ({ data: Uint8Array.of(cpu, t % 256, 0, 0), delta: i === 0 ? 0 : t - own[0] }))), p * LAYOUT.size);
  }
  return out;
}

function released(merge: ReturnType<typeof createRingBufferMerge>, all = false): { out: string[]; bound: number } {
  const out: string[] = [];
  const bound = merge.release((view, cpu, ts, start) => out.push(`${cpu}@${ts}:${view.getUint8(start + 1)}`), all);
  return { out, bound };
}

describe('createRingBufferMerge', () => {
  it('releases the records of every CPU in time order, up to the lowest bound', () => {
    const merge = createRingBufferMerge(LAYOUT);
    merge.add(0, pages(0, [10, 30, 50, 70]), 100);
    merge.add(1, pages(1, [20, 40, 60]), 45);
    expect(released(merge)).toEqual({ out: ['0@10:10', '1@20:20', '0@30:30', '1@40:40'], bound: 45 });
    // CPU 1 read further: what it read now and what CPU 0 held come out in order.
    merge.add(1, pages(1, [65, 90]), 200);
    expect(released(merge)).toEqual({ out: ['0@50:50', '1@60:60', '1@65:65', '0@70:70', '1@90:90'], bound: 100 });
  });

  it('releases everything held when asked for all', () => {
    const merge = createRingBufferMerge(LAYOUT);
    merge.add(0, pages(0, [10, 30]), 5);
    merge.add(1, new Uint8Array(0), 1);
    expect(released(merge).out).toEqual([]);
    expect(released(merge, true).out).toEqual(['0@10:10', '0@30:30']);
    expect(released(merge, true).out).toEqual([]);
  });

  it('keeps its own copy of the pages: the read buffer may be reused', () => {
    const merge = createRingBufferMerge(LAYOUT);
    const buffer = pages(0, [10]);
    merge.add(0, buffer, 5);
    buffer.fill(0);
    expect(released(merge, true).out).toEqual(['0@10:10']);
  });

  it('tells a CPU\'s gap (a page read after the writer lapped the reader) in time order, at the page\'s time, before its records', () => {
    const out: string[] = [];
    const merge = createRingBufferMerge(LAYOUT, (cpu, ts, count) => out.push(`${cpu}@${ts}: lost ${count}`));
    const cpu0 = new Uint8Array(LAYOUT.size * 2);
    cpu0.set(buildPage(10, [{ data: Uint8Array.of(0, 10, 0, 0), delta: 0 }]));
    cpu0.set(withMissed(buildPage(50, [{ data: Uint8Array.of(0, 52, 0, 0), delta: 2 }]), 300), LAYOUT.size);
    merge.add(0, cpu0, 100);
    merge.add(1, withMissed(buildPage(20, [{ data: Uint8Array.of(1, 30, 0, 0), delta: 10 }])), 100);
    merge.release((view, cpu, ts, start) => out.push(`${cpu}@${ts}:${view.getUint8(start + 1)}`));
    expect(out).toEqual(['0@10:10', '1@20: lost unknown', '1@30:30', '0@50: lost 300', '0@52:52']);
  });

  it('tells gaps of pages with no record between them as one', () => {
    const out: string[] = [];
    const merge = createRingBufferMerge(LAYOUT, (cpu, ts, count) => out.push(`${cpu}@${ts}: lost ${count}`));
    const both = new Uint8Array(LAYOUT.size * 2);
    both.set(withMissed(buildPage(5, []), 4));
    both.set(withMissed(buildPage(7, [{ data: Uint8Array.of(0, 8, 0, 0), delta: 1 }]), 6), LAYOUT.size);
    merge.add(0, both, 100);
    expect(released(merge).out).toEqual(['0@8:8']);
    expect(out).toEqual(['0@5: lost 10']);
  });

  it('reads on through empty pages and several drains of one CPU', () => {
    const merge = createRingBufferMerge(LAYOUT);
    const empty = buildPage(1, []);
    const both = new Uint8Array(LAYOUT.size * 2);
    both.set(empty);
    both.set(buildPage(7, [{ data: payload(4), delta: 0 }]), LAYOUT.size);
    merge.add(0, both, 100);
    merge.add(0, pages(0, [8]), 100);
    expect(released(merge).out).toEqual(['0@7:1', '0@8:8']);
  });
});
