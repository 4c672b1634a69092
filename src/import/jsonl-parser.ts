// jsonl import: one canonical proto3 JSON Event per line (see trace/event-json.ts for what is
// accepted); blank lines are ignored, a line that is not an event is skipped with the reason.
import { parseEventJson } from '../trace/event-json.js';
import { InvalidEventError } from '../trace/invalid-event-error.js';
import type { LineParser } from './line-parser.js';

/** A LineParser for jsonl events. */
export function createJsonlParser(): LineParser {
  return {
    parse(line) {
      if (line.trim() === '') return undefined;
      try {
        return parseEventJson(line);
      } catch (error) {
        if (error instanceof InvalidEventError) return { skip: error.message };
        throw error;
      }
    },
  };
}
