import { describe, expect, it } from 'vitest';
import { eventFromProto, eventToProto, type ProtoObject } from '../../src/trace/event-proto.js';
import { InvalidEventError } from '../../src/trace/invalid-event-error.js';
import { EventType } from '../../src/trace/trace-schema.js';
import { KERNEL_ADDRESS, eventsOfEveryKind, lockEvent, pthreadLockEvents } from '../helpers/trace-builders.js';

function throughBytes(message: ProtoObject): ProtoObject {
  const bytes = EventType.encode(message).finish();
  return EventType.decode(bytes) as unknown as ProtoObject;
}

describe('event <-> protobuf', () => {
  it.each(eventsOfEveryKind().map((event) => [event.kind, event] as const))('round-trips a %s event through bytes', (_kind, event) => {
    expect(eventFromProto(throughBytes(eventToProto(event)))).toEqual(event);
  });

  it('round-trips FAILED, INIT and DESTROY and every lock type through bytes, an unknown type left absent', () => {
    for (const event of pthreadLockEvents()) expect(eventFromProto(throughBytes(eventToProto(event)))).toEqual(event);
    const plain = lockEvent(1, 'ACQUIRE', 5);
    const back = eventFromProto(throughBytes(eventToProto(plain)));
    expect(back).toEqual(plain);
    expect(back.kind === 'lock' && 'type' in back.lock).toBe(false);
  });

  it('keeps kernel addresses in lock ids and stacks exact', () => {
    const event = lockEvent(1, 'ACQUIRE', KERNEL_ADDRESS, { stack: [KERNEL_ADDRESS, 0xffffffffffffffffn] });
    const back = eventFromProto(throughBytes(eventToProto(event)));
    expect(back.kind === 'lock' && back.lock.lock).toBe(0xffffffff81234567n);
    expect(back.stack).toEqual([0xffffffff81234567n, 0xffffffffffffffffn]);
  });

  it('leaves optional comm and lock name absent when unset', () => {
    const back = eventFromProto(throughBytes(eventToProto(lockEvent(1, 'RELEASE', 5n))));
    expect('comm' in back).toBe(false);
    expect(back.kind === 'lock' && 'name' in back.lock).toBe(false);
    expect('stack' in back).toBe(false);
  });

  it('keeps an empty comm and name apart from absent ones', () => {
    const event = lockEvent(1, 'RELEASE', 5n, { comm: '', name: '' });
    expect(eventFromProto(throughBytes(eventToProto(event)))).toEqual(event);
  });

  it('rejects an event without a kind', () => {
    expect(() => eventFromProto(throughBytes({ ts: 1, tid: 2 }))).toThrow(new InvalidEventError('event has no known kind'));
  });

  it('rejects an enum number the schema does not know', () => {
    const message = throughBytes({ ts: 1, lock: { op: 7, lock: 1 } });
    expect(() => eventFromProto(message)).toThrow('op: unknown enum value 7');
  });
});
