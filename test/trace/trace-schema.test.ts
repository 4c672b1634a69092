import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { EVENT_KINDS } from '../../src/trace/event.js';
import { KIND_SPECS } from '../../src/trace/event-fields.js';
import {
  EventType, FooterType, HeaderType, RecordType, bigIntFromLong, longFromBigInt, numberFromLong,
} from '../../src/trace/trace-schema.js';

describe('trace schema', () => {
  it('loads the Record, Event, Header and Footer messages of faultline.v1', () => {
    expect(RecordType.fullName).toBe('.faultline.v1.Record');
    expect(Object.keys(RecordType.fields)).toEqual(['header', 'batch', 'footer', 'symbols']);
    expect(HeaderType.fields.startUnixNs.type).toBe('uint64');
    expect(FooterType.fields.complete.type).toBe('bool');
  });

  it('has one oneof member per event kind of event.ts', () => {
    expect(EventType.oneofs.kind.fieldsArray.map((field) => field.name)).toEqual(EVENT_KINDS);
  });

  it('reads the nested enums and the `try` field of LockOp', () => {
    const lock = KIND_SPECS.lock.fields;
    expect(lock.find((f) => f.name === 'op')?.enumNames).toEqual(['ACQUIRE', 'RELEASE', 'TRY_FAILED', 'FAILED', 'INIT', 'DESTROY']);
    expect(lock.find((f) => f.name === 'type')?.enumNames).toEqual(['UNKNOWN_TYPE', 'MUTEX', 'MUTEX_RECURSIVE', 'MUTEX_ERRORCHECK',
      'RWLOCK_PREFER_READER', 'RWLOCK_PREFER_WRITER', 'RWLOCK_PREFER_WRITER_NONRECURSIVE', 'SPINLOCK']);
    expect(lock.filter((f) => f.dropDefault).map((f) => f.name)).toEqual(['type', 'robust']);
    expect(lock.find((f) => f.name === 'mode')?.enumNames).toEqual(['EXCLUSIVE', 'SHARED', 'SHARED_RECURSIVE', 'ADD', 'BLOCK']);
    expect(lock.find((f) => f.name === 'try')?.repr).toBe('bool');
    expect(lock.find((f) => f.name === 'name')?.optional).toBe(true);
    expect(KIND_SPECS.pagecache.fields.find((f) => f.name === 'op')?.enumNames).toEqual(['ADD', 'DELETE']);
    expect(KIND_SPECS.fileOp.fields.find((f) => f.name === 'op')?.enumNames).toEqual(
      ['TRUNCATE', 'PUNCH', 'REMAP', 'BUFFERED_READ', 'BUFFERED_WRITE', 'READAHEAD']);
  });

  it.each([
    ['lock', 'lock', 'bigint64'], ['contention', 'lockAddr', 'bigint64'], ['mmapLock', 'mm', 'bigint64'],
    ['fault', 'address', 'bigint64'], ['fault', 'ip', 'bigint64'], ['dioBegin', 'buf', 'bigint64'],
    ['mapping', 'start', 'bigint64'], ['dioBegin', 'ino', 'number64'], ['dioEnd', 'ret', 'number64'],
    ['fault', 'index', 'number64'], ['lost', 'count', 'number64'],
  ] as const)('holds %s.%s as %s', (kind, field, repr) => {
    expect(KIND_SPECS[kind].fields.find((f) => f.name === field)?.repr).toBe(repr);
  });

  it.each([0n, 1n, 0xffffffff81234567n, 0xffffffffffffffffn, 2n ** 53n + 1n])('keeps %s exact through a Long', (value) => {
    expect(bigIntFromLong(longFromBigInt(value))).toBe(value);
  });

  it('reads negative int64 Longs as numbers', () => {
    expect(numberFromLong(new protobuf.util.Long(-5, -1, false))).toBe(-5);
    expect(numberFromLong(new protobuf.util.Long(0, 0x100, true))).toBe(2 ** 40);
    expect(numberFromLong(new protobuf.util.Long(-1, 0x1f_ffff, true))).toBe(Number.MAX_SAFE_INTEGER);
  });
});
