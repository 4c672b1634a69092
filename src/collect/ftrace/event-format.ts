// An event's binary layout, from its tracefs `format` file (events/<system>/<event>/format):
// its id (the record's common_type) and each field's offset, size and signedness. Also reads
// events/header_page, which has the same field lines.
//
//   name: iomap_dio_rw_begin
//   ID: 1135
//   format:
//   	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
//   	field:__data_loc char[] parent_comm;	offset:8;	size:4;	signed:0;
//   	field:char comm[16];	offset:8;	size:16;	signed:0;
import { EnvironmentError } from '../../trace/errors.js';

export interface FormatField {
  readonly offset: number;
  readonly size: number;
  readonly signed: boolean;
  /** `__data_loc` string: the field is a u32, offset (low 16 bits) and length (high 16) in the record. */
  readonly dataLoc: boolean;
}

export interface EventFormat {
  readonly name: string;
  /** The record's common_type; -1 for header_page (no ID line). */
  readonly id: number;
  readonly fields: ReadonlyMap<string, FormatField>;
}

const FIELD = /^\s*field:\s*(.*?)\s*;\s*offset:(\d+);\s*size:(\d+);\s*signed:(\d+);/;
// The declared name: the last identifier, before an array suffix (`comm[16]`).
const DECLARED_NAME = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?$/;

/** Reads a `format` file's text; throws EnvironmentError when a field line does not read. */
export function parseEventFormat(text: string, source = 'format'): EventFormat {
  let name = '';
  let id = -1;
  const fields = new Map<string, FormatField>();
  for (const line of text.split('\n')) {
    if (line.startsWith('name: ')) name = line.slice(6).trim();
    else if (line.startsWith('ID: ')) id = Number(line.slice(4));
    else if (/^\s*field:/.test(line)) {
      const m = FIELD.exec(line);
      const declared = m === null ? null : DECLARED_NAME.exec(m[1]);
      if (m === null || declared === null) throw new EnvironmentError(`${source}: expected "field:TYPE NAME; offset:N; size:N; signed:N;", got "${line.trim()}"`);
      fields.set(declared[1], {
        offset: Number(m[2]), size: Number(m[3]), signed: m[4] === '1', dataLoc: /^__data_loc\b/.test(m[1]),
      });
    }
  }
  if (!Number.isInteger(id)) throw new EnvironmentError(`${source}: expected an integer ID`);
  return { name, id, fields };
}

/** Field `name` of `format`; throws EnvironmentError when this kernel's format lacks it. */
export function formatField(format: EventFormat, name: string): FormatField {
  const field = format.fields.get(name);
  if (field === undefined) throw new EnvironmentError(`${format.name || 'format'}: expected a field "${name}" in its format file`);
  return field;
}
