import { describe, expect, it } from 'vitest';
import { makeDev } from '../../src/trace/dev.js';
import { eventFromJson, eventToJson, formatEventJson, parseEventJson } from '../../src/trace/event-json.js';
import { InvalidEventError } from '../../src/trace/invalid-event-error.js';
import { DEV_254_0, dioBegin, eventsOfEveryKind, exitEvent, lockEvent, pthreadLockEvents } from '../helpers/trace-builders.js';

describe('event <-> canonical JSON', () => {
  it.each(eventsOfEveryKind().map((event) => [event.kind, event] as const))('round-trips a %s event through a JSON line', (_kind, event) => {
    expect(parseEventJson(formatEventJson(event))).toEqual(event);
  });

  it.each([
    ['{"ts":"1","tid":1,"lock":{"op":"constructor","lock":"1"}}', 'lock.op: expected one of ACQUIRE|RELEASE|TRY_FAILED|FAILED|INIT|DESTROY, got "constructor"'],
    ['{"ts":"1","tid":1,"lock":{"op":"ACQUIRE","mode":"hasOwnProperty","lock":"1"}}', 'lock.mode: expected one of'],
    ['{"ts":"1","tid":1,"__proto__":{"x":1},"exit":{}}', 'unknown field "__proto__"'],
    ['{"ts":"1","tid":1,"constructor":{},"exit":{}}', 'unknown field "constructor"'],
    ['{"ts":"1","tid":1,"exit":{"__proto__":{"a":1}}}', 'unknown field "exit.__proto__"'],
    ['{"ts":"1","tid":1,"toString":{}}', 'unknown field "toString"'],
  ])('takes no inherited name for a field or an enum value: %s', (line, message) => {
    expect(() => parseEventJson(line)).toThrow(InvalidEventError);
    expect(() => parseEventJson(line)).toThrow(message);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each(pthreadLockEvents().map((event) => [event.kind === 'lock' && event.lock.op, event] as const))(
    'round-trips a pthread %s event with its lock type through a JSON line',
    (_op, event) => {
      expect(parseEventJson(formatEventJson(event))).toEqual(event);
    },
  );

  it('writes a lock type and robust only when known, and reads their defaults as absent', () => {
    expect(eventToJson(lockEvent(1, 'ACQUIRE', 5)).lock).not.toHaveProperty('type');
    expect(eventToJson(lockEvent(1, 'INIT', 5, { type: 'SPINLOCK', robust: true })).lock)
      .toMatchObject({ op: 'INIT', type: 'SPINLOCK', robust: true });
    const read = eventFromJson({ tid: 1, lock: { op: 'FAILED', lock: '5', type: 'UNKNOWN_TYPE', robust: false } });
    expect(read).toEqual(lockEvent(1, 'FAILED', 5, { pid: 0, cpu: 0, ts: 0 }));
    expect(eventFromJson({ lock: { op: 5, type: 7 } })).toMatchObject({ lock: { op: 'DESTROY', type: 'SPINLOCK' } });
    expect(() => eventFromJson({ lock: { type: 'TICKET' } })).toThrow(/lock\.type: expected one of UNKNOWN_TYPE\|MUTEX/);
  });

  it('writes 64-bit integers as decimal strings and enums by name', () => {
    const json = eventToJson(lockEvent(7, 'ACQUIRE', 0xffffffff81234567n, { ts: 12, mode: 'BLOCK', stack: [1n] }));
    expect(json).toEqual({
      ts: '12', tid: 7, pid: 7, cpu: 0, stack: ['1'],
      lock: { op: 'ACQUIRE', lock: '18446744071581156711', cls: '', mode: 'BLOCK', try: false, subclass: 0 },
    });
  });

  it('writes an exit event with an empty payload object', () => {
    expect(formatEventJson(exitEvent(3, { ts: 5 }))).toBe('{"ts":"5","tid":3,"pid":3,"cpu":0,"exit":{}}');
  });

  it('fills missing fields with proto3 defaults, cls with the empty string', () => {
    expect(parseEventJson('{"lock":{"lock":"9"}}')).toEqual(lockEvent(0, 'ACQUIRE', 9n, { pid: 0 }));
  });

  it.each([
    ['a 64-bit id as a JSON number beyond 2^53', '{"lock":{"lock":18446744071581156711}}', 0xffffffff81234567n],
    ['a 64-bit id as a hex string', '{"lock":{"lock":"0xffffffff81234567"}}', 0xffffffff81234567n],
    ['a 64-bit id as a small JSON number', '{"lock":{"lock":42}}', 42n],
  ])('reads %s exactly', (_what, line, expected) => {
    const event = parseEventJson(line);
    expect(event.kind === 'lock' && event.lock.lock).toBe(expected);
  });

  it('does not quote long digit runs inside strings', () => {
    const event = parseEventJson('{"comm":"x 12345678901234567890 \\" 1234567890123456789","exit":{}}');
    expect(event.comm).toBe('x 12345678901234567890 " 1234567890123456789');
  });

  it.each([
    ['ts as a number', '{"ts":1000,"exit":{}}', { ts: 1000 }],
    ['ts as a decimal string', '{"ts":"1000","exit":{}}', { ts: 1000 }],
    ['ts as a hex string', '{"ts":"0x10","exit":{}}', { ts: 16 }],
    ['ts as a 15-digit string', '{"ts":"999999999999999","exit":{}}', { ts: 999_999_999_999_999 }],
    ['ts as a 16-digit string below 2^53', '{"ts":"9007199254740991","exit":{}}', { ts: Number.MAX_SAFE_INTEGER }],
    ['ts with leading zeros', '{"ts":"007","exit":{}}', { ts: 7 }],
  ])('reads %s', (_what, line, expected) => {
    expect(parseEventJson(line)).toMatchObject(expected);
  });

  it.each([
    ['a dev_t number', 266338304, DEV_254_0],
    ['"major:minor"', '254:0', DEV_254_0],
    ['"8:1"', '8:1', makeDev(8, 1)],
  ])('reads dev given as %s', (_what, dev, expected) => {
    const event = eventFromJson({ dioBegin: { dev, ino: '12', pos: '0', len: '4096' } });
    expect(event).toEqual(dioBegin(0, expected, 12, 0, 4096, { pid: 0, write: false }));
  });

  it('reads enums by number as well as by name', () => {
    const event = eventFromJson({ lock: { op: 2, mode: 'SHARED' } });
    expect(event.kind === 'lock' && [event.lock.op, event.lock.mode]).toEqual(['TRY_FAILED', 'SHARED']);
  });

  it('reads null as absent', () => {
    expect(eventFromJson({ ts: null, comm: null, fault: null, exit: {} })).toEqual(exitEvent(0, { pid: 0 }));
  });

  it.each([
    ['not JSON', '{"ts":', /^not JSON: /],
    ['not an object', '[1,2]', 'event: expected a JSON object, got [1,2]'],
    ['no kind', '{"ts":"1","tid":2}', 'no event kind: expected one of task, exit, join, lock,'],
    ['two kinds', '{"exit":{},"join":{}}', 'more than one event kind: exit, join'],
    ['an unknown top-level field', '{"exit":{},"foo":1}', 'unknown field "foo"'],
    ['an unknown payload field', '{"lock":{"lok":1}}', 'unknown field "lock.lok"'],
    ['an unknown enum name', '{"lock":{"mode":"WRITE"}}', 'lock.mode: expected one of EXCLUSIVE|SHARED|SHARED_RECURSIVE|ADD|BLOCK, got "WRITE"'],
    ['a negative uint64', '{"lock":{"lock":"-1"}}', 'lock.lock: expected a uint64 (decimal or 0x string, or number) in range, got "-1"'],
    ['a uint64 beyond 2^64', '{"lock":{"lock":"18446744073709551616"}}', 'in range'],
    ['a tid beyond uint32', '{"tid":4294967296,"exit":{}}', 'tid: expected a uint32 in range, got 4294967296'],
    ['a fractional ts', '{"ts":1.5,"exit":{}}', 'ts: expected a uint64 below 2^53, got 1.5'],
    ['a negative ts', '{"ts":"-1","exit":{}}', 'ts: expected a uint64 below 2^53 in range, got "-1"'],
    ['a ts of 2^53', '{"ts":"9007199254740992","exit":{}}', 'ts: expected a uint64 below 2^53 in range'],
    ['a bool as a string', '{"dioBegin":{"write":"yes"}}', 'dioBegin.write: expected true or false, got "yes"'],
    ['a malformed dev', '{"pagecache":{"dev":"254-0"}}', 'pagecache.dev: expected a dev_t or "major:minor", got "254-0"'],
    ['a stack that is not an array', '{"stack":"1","exit":{}}', 'stack: expected an array of uint64, got "1"'],
    ['a payload that is not an object', '{"exit":1}', 'exit: expected a JSON object, got 1'],
  ])('rejects %s with a reason', (_what, line, reason) => {
    let error: unknown;
    try {
      parseEventJson(line);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEventError);
    if (typeof reason === 'string') expect((error as Error).message).toContain(reason);
    else expect((error as Error).message).toMatch(reason);
  });
});
