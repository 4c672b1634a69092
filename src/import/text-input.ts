// A text trace (ftrace, jsonl, std) read line by line through a LineParser into batches of
// events; unreadable lines are counted, the first few kept with their line numbers.
import type { ByteSource } from '../trace/byte-source.js';
import type { Batch, TraceEvent } from '../trace/event.js';
import type { InputFormat, InputInfo, TraceInput } from '../trace/input.js';
import { readOnceInput } from '../trace/read-once-input.js';
import { addSkipped, noEventsError } from '../trace/skipped-items.js';
import { isSkip, type LineParser, type LineResult } from './line-parser.js';
import { splitLines } from '../split-lines.js';
import { endOfLine, wholeLines } from './whole-lines.js';

/** Events per Batch from a text input. */
export const TEXT_BATCH_EVENTS = 4096;

/** A TraceInput reading `source` as `format` text with `parser`. */
export function openTextInput(source: ByteSource, format: InputFormat, parser: LineParser): TraceInput {
  return readOnceInput(source.path, format, undefined, (info) => readBatches(source, parser, info));
}

async function* readBatches(source: ByteSource, parser: LineParser, info: InputInfo): AsyncGenerator<Batch> {
  let lineNo = 0;
  let batch: TraceEvent[] = [];
  const take = (result: LineResult): void => {
    if (result === undefined) return;
    if (isSkip(result)) {
      addSkipped(info, { line: lineNo, reason: result.skip });
      return;
    }
    if (result.kind === 'lost') info.lost += result.lost.count;
    batch.push(result);
  };
  const { parseAt } = parser;
  if (parseAt === undefined) {
    for await (const lines of splitLines(source.chunks())) {
      for (const line of lines) {
        take(parser.parse(line, ++lineNo));
        if (batch.length >= TEXT_BATCH_EVENTS) {
          info.events += batch.length;
          yield batch;
          batch = [];
        }
      }
    }
  } else {
    // Lines read in place from whole chunks: no string per line.
    for await (const { text, bytes } of wholeLines(source.chunks())) {
      for (let start = 0; start < text.length;) {
        let newline = text.indexOf('\n', start);
        if (newline < 0) newline = text.length;
        take(parseAt.call(parser, text, start, endOfLine(text, start, newline), ++lineNo, bytes));
        start = newline + 1;
        if (batch.length >= TEXT_BATCH_EVENTS) {
          info.events += batch.length;
          yield batch;
          batch = [];
        }
      }
    }
  }
  info.events += batch.length;
  info.complete = true;
  if (batch.length > 0) yield batch;
  if (info.events === 0) {
    throw noEventsError(source.name, info, 'lines', `${lineNo} ${lineNo === 1 ? 'line' : 'lines'}, none of them an event`);
  }
}
