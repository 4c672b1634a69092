import { describe, expect, it } from 'vitest';
import { lastRecordTime, missedEvents as missedEventsOf, openRingBufferPage, pageLayoutOf } from '../../../src/collect/ftrace/ring-buffer-page.js';
import { parseEventFormat } from '../../../src/collect/ftrace/event-format.js';
import { buildPage, LAYOUT, payload, withMissed, type PageEntry } from '../../helpers/ring-buffer-pages.js';

interface Read { readonly ts: number; readonly bytes: number[] }

function read(page: Uint8Array): Read[] {
  const out: Read[] = [];
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const cursor = openRingBufferPage(view, 0, LAYOUT);
  while (cursor.next()) out.push({ ts: cursor.ts, bytes: [...page.subarray(cursor.start, cursor.start + cursor.length)] });
  expect(cursor.next()).toBe(false);
  return out;
}

const T0 = 16_010_847_982_472;

describe('openRingBufferPage', () => {
  it('reads small records, their times the page time plus each delta so far', () => {
    expect(read(buildPage(T0, [{ data: payload(8), delta: 0 }, { data: payload(12, 1), delta: 100 }, { data: payload(4, 2), delta: 2 ** 27 - 1 }]))).toEqual([
      { ts: T0, bytes: [...payload(8)] },
      { ts: T0 + 100, bytes: [...payload(12, 1)] },
      { ts: T0 + 100 + 2 ** 27 - 1, bytes: [...payload(4, 2)] },
    ]);
  });

  it('reads a record longer than 112 bytes from its length word', () => {
    expect(read(buildPage(T0, [{ data: payload(200), delta: 5 }, { data: payload(8), delta: 1 }]))).toEqual([
      { ts: T0 + 5, bytes: [...payload(200)] },
      { ts: T0 + 6, bytes: [...payload(8)] },
    ]);
  });

  it('adds a time extend (beyond 27 bits) and takes a time stamp as the absolute time', () => {
    const extend = 3 * 2 ** 27 + 12345;
    expect(read(buildPage(T0, [
      { extend }, { data: payload(8), delta: 7 },
      { stamp: T0 + 10 ** 9 }, { data: payload(8), delta: 3 },
    ])).map((r) => r.ts)).toEqual([T0 + extend + 7, T0 + 10 ** 9 + 3]);
  });

  it('skips a discarded record (padding) without taking its delta, as the kernel reader does', () => {
    expect(read(buildPage(T0, [{ data: payload(8), delta: 10 }, { padding: 20, delta: 99 }, { data: payload(8), delta: 1 }])).map((r) => r.ts))
      .toEqual([T0 + 10, T0 + 11]);
  });

  it('stops at null padding: the rest of the page is empty', () => {
    expect(read(buildPage(T0, [{ data: payload(8), delta: 1 }, { nullPadding: true }, { data: payload(8), delta: 1 }]))).toHaveLength(1);
  });

  it('reads up to the commit length, whatever the missed-events flags in the commit word', () => {
    const entries: PageEntry[] = [{ data: payload(8), delta: 1 }, { data: payload(8), delta: 1 }];
    expect(read(buildPage(T0, entries, 0xc0000000))).toHaveLength(2);
    const page = buildPage(T0, entries);
    new DataView(page.buffer).setUint32(8, 12, true);
    expect(read(page)).toHaveLength(1);
  });

  it.each([
    ['a small record', 8],
    ['a long record', 200],
  ])('stops without reading past the data when %s is cut off by the commit length', (_, size) => {
    const page = buildPage(T0, [{ data: payload(size), delta: 1 }]);
    const view = new DataView(page.buffer);
    view.setUint32(8, view.getUint32(8, true) - 4, true);
    expect(read(page)).toEqual([]);
  });

  it('reads an empty page as no records', () => {
    expect(read(buildPage(T0, []))).toEqual([]);
  });
});

describe('pageLayoutOf', () => {
  it('takes the page size and offsets from events/header_page', () => {
    const header = parseEventFormat([
      '\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;',
      '\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;',
      '\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;',
      '\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;',
    ].join('\n'), 'header_page');
    expect(pageLayoutOf(header, true)).toEqual(LAYOUT);
  });
});

describe('lastRecordTime', () => {
  it('is the time of the last record, or of the page when it has none', () => {
    expect(lastRecordTime(buildPage(T0, [{ data: payload(8), delta: 10 }, { extend: 2 ** 28 }, { data: payload(8), delta: 5 }]), 0, LAYOUT)).toBe(T0 + 15 + 2 ** 28);
    expect(lastRecordTime(buildPage(T0, []), 0, LAYOUT)).toBe(T0);
  });
});

describe('missedEvents', () => {
  const page = (): Uint8Array => buildPage(T0, [{ data: payload(8), delta: 0 }, { data: payload(12, 1), delta: 3 }]);
  const missedEvents = (bytes: Uint8Array, at: number, layout: typeof LAYOUT) =>
    missedEventsOf(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at, layout);

  it('is undefined for a page read in turn, nothing overwritten before it', () => {
    expect(missedEvents(page(), 0, LAYOUT)).toBeUndefined();
  });

  it('reads the count the kernel stored after the data (an unsigned long), the records read as before', () => {
    const lapped = withMissed(page(), 2 ** 33 + 5);
    expect(missedEvents(lapped, 0, LAYOUT)).toBe(2 ** 33 + 5);
    expect(read(lapped)).toEqual(read(page()));
  });

  it('is unknown when the page had no room for the count', () => {
    expect(missedEvents(withMissed(page()), 0, LAYOUT)).toBe('unknown');
  });

  it('reads the page at its offset in a drain', () => {
    const drain = new Uint8Array(LAYOUT.size * 2);
    drain.set(page());
    drain.set(withMissed(page(), 7), LAYOUT.size);
    expect([missedEvents(drain, 0, LAYOUT), missedEvents(drain, LAYOUT.size, LAYOUT)]).toEqual([undefined, 7]);
  });
});
