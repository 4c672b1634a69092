import { describe, expect, it } from 'vitest';
import { createSpinLockDecoder, type SpinLockRecordLayout } from '../../../src/collect/pthread/spin-lock-decoder.js';
import type { TraceEvent } from '../../../src/trace/event.js';

// The uprobe events' format: common fields, __probe_ip at 8, lock at 16.
const LAYOUT: SpinLockRecordLayout = { requestId: 2329, takenId: 2330, lock: { offset: 16, size: 8, signed: false, dataLoc: false } };
const REQUEST = 'request';
const TAKEN = 'taken';

// A record of `event` by `tid` on `lock`, as the ring buffer holds it.
function record(event: string, tid: number, lock: bigint): DataView {
  const view = new DataView(new ArrayBuffer(24));
  view.setUint16(0, event === REQUEST ? LAYOUT.requestId : event === TAKEN ? LAYOUT.takenId : 7, true);
  view.setInt32(4, tid, true);
  view.setBigUint64(8, 0x7f0000008ff73n, true);
  view.setBigUint64(16, lock, true);
  return view;
}

const names = { comm: (tid: number) => (tid === 99 ? undefined : `t${tid}`), tgid: (tid: number) => (tid === 99 ? undefined : 5) };

// One line per event: "TID PID OP LOCK[ type TYPE][ name NAME]".
function decodeAll(records: readonly [string, number, bigint][], nameOf?: (pid: number, lock: bigint) => string | undefined): string[] {
  const decoder = createSpinLockDecoder(LAYOUT, names, nameOf);
  const out: string[] = [];
  records.forEach(([event, tid, lock], i) => {
    const e: TraceEvent | undefined = decoder.decode(record(event, tid, lock), 1, 1000 + i, 0, 24);
    if (e?.kind !== 'lock') return;
    out.push([e.tid, e.pid, e.lock.op, e.lock.lock.toString(16), e.lock.mode, e.lock.type && `type ${e.lock.type}`, e.lock.name && `name ${e.lock.name}`]
      .filter((w) => w !== undefined && w !== '').join(' '));
  });
  return out;
}

describe('createSpinLockDecoder', () => {
  it('makes the first attempt an exclusive request, typed at the lock\'s first one', () => {
    expect(decodeAll([[REQUEST, 6, 0x40n], [TAKEN, 6, 0x40n], [REQUEST, 7, 0x40n], [TAKEN, 7, 0x40n]]))
      .toEqual(['6 5 ACQUIRE 40 EXCLUSIVE type SPINLOCK', '7 5 ACQUIRE 40 EXCLUSIVE']);
  });

  it('drops the retries of a call that spun, until its lock was taken', () => {
    expect(decodeAll([[REQUEST, 6, 0x40n], [REQUEST, 6, 0x40n], [REQUEST, 6, 0x40n], [TAKEN, 6, 0x40n], [REQUEST, 6, 0x40n]]))
      .toEqual(['6 5 ACQUIRE 40 EXCLUSIVE type SPINLOCK', '6 5 ACQUIRE 40 EXCLUSIVE']);
  });

  it('keeps one task\'s request while another spins on the same lock', () => {
    expect(decodeAll([[REQUEST, 6, 0x40n], [REQUEST, 7, 0x40n], [REQUEST, 7, 0x40n], [TAKEN, 6, 0x40n], [REQUEST, 6, 0x50n]]))
      .toEqual(['6 5 ACQUIRE 40 EXCLUSIVE type SPINLOCK', '7 5 ACQUIRE 40 EXCLUSIVE', '6 5 ACQUIRE 50 EXCLUSIVE type SPINLOCK']);
  });

  it('names locks, and takes the tid for the pid of a task found nowhere', () => {
    expect(decodeAll([[REQUEST, 99, 0x40n]], (pid, lock) => `${pid}:${lock}`)).toEqual(['99 99 ACQUIRE 40 EXCLUSIVE type SPINLOCK name 99:64']);
  });

  it('counts records of other events and short ones, and reads nothing from them', () => {
    const decoder = createSpinLockDecoder(LAYOUT, names);
    expect(decoder.decode(record('other', 6, 0x40n), 0, 1, 0, 24)).toBeUndefined();
    expect(decoder.decode(record(REQUEST, 6, 0x40n), 0, 2, 0, 16)).toBeUndefined();
    expect(decoder.unknown).toBe(2);
  });
});
