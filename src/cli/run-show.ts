// The body of `faultline show`, loaded only when show runs: one pass over the input, counting.
import { openInput } from '../input/open-input.js';
import { emptySummary, formatSummary, summarize } from '../report/trace-summary.js';
import { formatEvent } from '../report/format-event.js';
import { withoutTracingFrames } from '../report/frame-text.js';
import { stackLines } from '../report/stack-lines.js';
import { UsageError } from '../trace/errors.js';
import { EXIT_CLEAN } from './exit-codes.js';
import { parseFormatOption, parseOutputFormat } from './parse-options.js';
import { openOutput } from '../trace/output-sink.js';
import { summaryJson } from '../report/summary-json.js';
import { formatEventJson } from '../trace/event-json.js';
import type { ShowOptions } from './show-command.js';

/** Prints the trace's summary, after its events with --events (and the stacks they carry, symbolized). */
export async function runShow(trace: string, options: ShowOptions): Promise<number> {
  const limit = options.limit === undefined ? Infinity : Number(options.limit);
  if (!(limit >= 0 && Number.isInteger(limit) || limit === Infinity)) {
    throw new UsageError(`--limit: expected a whole number, got "${options.limit}"`);
  }
  const format = parseOutputFormat(options.format);
  const input = await openInput(trace, { from: parseFormatOption(options.from) });
  const out = openOutput(options.output ?? '-');
  const summary = emptySummary();
  let index = 0;
  for await (const batch of input.batches()) {
    summarize(summary, batch);
    if (options.events) {
      const lines: string[] = [];
      for (const event of batch) {
        if (index < limit) {
          if (format === 'json') lines.push(formatEventJson(event));
          else {
            lines.push(formatEvent(event, index));
            if (event.stack !== undefined) {
              const frames = input.info.symbols === undefined ? undefined : withoutTracingFrames(input.info.symbols.framesOf(event.stack));
              lines.push(...stackLines(frames === undefined ? { stack: event.stack } : { stack: event.stack, frames }));
            }
          }
        }
        index++;
      }
      // A slow reader (a pager, a pipe) holds the next batch back rather than have the
      // whole trace's text queue up in memory.
      if (lines.length > 0) await out.send(`${lines.join('\n')}\n`);
    }
  }
  await out.send(format === 'json' ? `${JSON.stringify(summaryJson(summary, input.info), undefined, options.events ? undefined : 2)}\n` : formatSummary(summary, input.info));
  await out.end();
  return EXIT_CLEAN;
}
