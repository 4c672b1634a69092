import { describe, expect, it } from 'vitest';
import { formatEventJson } from '../../src/trace/event-json.js';
import { createJsonlParser } from '../../src/import/jsonl-parser.js';
import { eventsOfEveryKind } from '../helpers/trace-builders.js';

describe('createJsonlParser', () => {
  it('reads one canonical JSON event per line', () => {
    const parser = createJsonlParser();
    const events = eventsOfEveryKind();
    expect(events.map((event, i) => parser.parse(formatEventJson(event), i + 1))).toEqual(events);
  });

  it.each(['', '   ', '\t'])('ignores the blank line %j', (line) => {
    expect(createJsonlParser().parse(line, 1)).toBeUndefined();
  });

  it.each([
    ['{"ts":1,', /^not JSON/],
    ['{"ts":1}', /^no event kind/],
    ['{"lock":{"mode":"WRITE"}}', /^lock\.mode: expected one of/],
  ])('skips %j with the reason', (line, reason) => {
    const result = createJsonlParser().parse(line, 1);
    expect(result).toEqual({ skip: expect.stringMatching(reason) });
  });
});
