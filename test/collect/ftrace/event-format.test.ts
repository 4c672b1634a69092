import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatField, parseEventFormat } from '../../../src/collect/ftrace/event-format.js';
import { EnvironmentError } from '../../../src/trace/errors.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/tracefs-formats/${name}.format`, import.meta.url), 'utf8');

describe('parseEventFormat', () => {
  it('reads the name, id and every field of a format file', () => {
    const format = parseEventFormat(fixture('iomap_dio_rw_begin'));
    expect(format.name).toBe('iomap_dio_rw_begin');
    expect(format.id).toBeGreaterThan(0);
    expect(format.fields.get('common_pid')).toEqual({ offset: 4, size: 4, signed: true, dataLoc: false });
    expect(format.fields.get('ino')).toEqual({ offset: 16, size: 8, signed: false, dataLoc: false });
    expect([...format.fields.keys()]).toEqual([
      'common_type', 'common_flags', 'common_preempt_count', 'common_pid',
      'dev', 'ino', 'isize', 'pos', 'count', 'done_before', 'ki_flags', 'dio_flags', 'aio',
    ]);
  });

  it.each([
    ['a __data_loc string', 'sched_process_fork', 'child_comm', { offset: 16, size: 4, signed: false, dataLoc: true }],
    ['an array', 'sched_process_exit', 'comm', { offset: 8, size: 16, signed: false, dataLoc: false }],
    ['a pointer', 'contention_begin', 'lock_addr', { offset: 8, size: 8, signed: false, dataLoc: false }],
  ])('names %s by its declared name', (_, event, name, field) => {
    expect(parseEventFormat(fixture(event)).fields.get(name)).toEqual(field);
  });

  it('reads header_page, which has no ID', () => {
    const header = parseEventFormat(fixture('header_page'), 'header_page');
    expect(header.id).toBe(-1);
    expect(formatField(header, 'data')).toMatchObject({ offset: 16, size: 4080 });
  });

  it('says which file and line when a field line does not read', () => {
    expect(() => parseEventFormat('name: x\nID: 1\n\tfield:int;\toffset:x;', 'events/a/x/format')).toThrow(EnvironmentError);
    expect(() => parseEventFormat('name: x\nID: 1\n\tfield:int;\toffset:x;', 'events/a/x/format')).toThrow(/events\/a\/x\/format: expected "field:TYPE NAME/);
  });

  it('says which field this kernel lacks', () => {
    expect(() => formatField(parseEventFormat(fixture('contention_end')), 'flags')).toThrow(/contention_end: expected a field "flags"/);
  });
});
