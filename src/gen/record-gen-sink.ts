// A GenSink that encodes straight into one Batch record's bytes: plain lock events from
// precomputed lock-id varints (no object, no bigint), the rest through the schema-specific encoder.
import { ByteWriter } from '../trace/fast-byte-writer.js';
import { encodeEvent } from '../trace/fast-event-encoder.js';
import { genLockHalves, type GenSink } from './gen-sink.js';
import { withGetters } from '../with-getters.js';

export interface RecordGenSink extends GenSink {
  /** Greatest ts taken so far (ns). */
  readonly lastTs: number;
  /** The pending events as one length-delimited Batch record; the sink starts a new one. */
  takeRecord(): Buffer;
}

export function createRecordGenSink(): RecordGenSink {
  const w = new ByteWriter(1 << 20);
  const idBytes: Buffer[] = [];
  let pending = 0;
  let recordMark = -1;
  let batchMark = -1;
  let lastTs = 0;

  const lockIdBytes = (index: number): Buffer => {
    let bytes = idBytes[index];
    if (bytes === undefined) {
      const scratch = new ByteWriter(16);
      const [lo, hi] = genLockHalves(index);
      scratch.varint64(lo, hi);
      bytes = scratch.take();
      idBytes[index] = bytes;
    }
    return bytes;
  };

  const begin = (): void => {
    if (recordMark >= 0) return;
    recordMark = w.beginDelimited();
    w.varint32(0x12); // Record.batch
    batchMark = w.beginDelimited();
  };

  const methods: Omit<RecordGenSink, 'pending' | 'lastTs'> = {
    lock(ts, tid, pid, op, lock, mode, tryLock) {
      begin();
      w.ensure(64);
      w.varint32(0x0a); // Batch.events
      const event = w.beginDelimited();
      w.varint32(0x08); w.varintNumber(ts);
      w.varint32(0x10); w.varint32(tid);
      w.varint32(0x18); w.varint32(pid);
      w.varint32(0x6a); // Event.lock
      const payload = w.beginDelimited();
      if (op !== 0) { w.varint32(0x08); w.varint32(op); }
      w.varint32(0x10); w.bytes(lockIdBytes(lock));
      if (mode !== 0) { w.varint32(0x20); w.varint32(mode); }
      if (tryLock) { w.varint32(0x28); w.varint32(1); }
      w.endDelimited(payload);
      w.endDelimited(event);
      pending++;
      if (ts > lastTs) lastTs = ts;
    },
    event(e) {
      begin();
      w.varint32(0x0a);
      const event = w.beginDelimited();
      encodeEvent(w, e);
      w.endDelimited(event);
      pending++;
      if (e.ts > lastTs) lastTs = e.ts;
    },
    takeRecord() {
      begin();
      w.endDelimited(batchMark);
      w.endDelimited(recordMark);
      recordMark = -1;
      pending = 0;
      return w.take();
    },
  };
  return withGetters(methods, { pending: () => pending, lastTs: () => lastTs });
}
