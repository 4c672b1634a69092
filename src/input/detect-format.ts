// Recognise an input's format from its first bytes (up to DETECT_BYTES): the FLTRACE1 magic,
// ftrace text (`# tracer:` header, trace-cmd's `cpus=N`, or an event line), a jsonl `{`, or a
// RAPID std `thread|op(` line.
import { InputError } from '../trace/errors.js';
import type { InputFormat } from '../trace/input.js';
import { printableBytes } from '../trace/printable-bytes.js';
import { TRACE_MAGIC } from '../trace/trace-schema.js';

/** How many leading bytes detection looks at. */
export const DETECT_BYTES = 4096;

// `<comm>-<tid> [(tgid)] [cpu] [flags] <secs>.<frac>: <event>: ...` (or a syscall line
// `sys_read -> 0x1`) as trace, trace_pipe and trace-cmd report print it; comm may hold spaces
// and dashes.
const FTRACE_EVENT_RE = /^\s*\S.*-\d+\s+(?:\(\s*[\d-]*\)\s+)?\[\d+\]\s+(?:\S+\s+)?\d+\.\d+:\s+\w/;
// trace-cmd report's preamble lines.
const TRACE_CMD_HEADER_RE = /^(?:cpus=\d+|version = \S+|CPU ?\d+ (?:is empty|data recorded))/;
const STD_RE = /^[^|\s{][^|]*\|\s*\w+\(/;

/** The format of an input starting with `head`; InputError naming what was found otherwise. */
export function detectFormat(head: Uint8Array, name: string): InputFormat {
  const magicLength = Math.min(head.length, TRACE_MAGIC.length);
  if (head.length > 0 && TRACE_MAGIC.subarray(0, magicLength).equals(head.subarray(0, magicLength))) return 'pb';
  const lines = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8').split('\n');
  let sawComment = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    if (line.startsWith('# tracer:')) return 'ftrace';
    if (line.startsWith('#')) {
      sawComment = true;
      continue;
    }
    if (FTRACE_EVENT_RE.test(line) || TRACE_CMD_HEADER_RE.test(line)) return 'ftrace';
    if (line.trimStart().startsWith('{') && !sawComment) return 'jsonl';
    if (STD_RE.test(line.trim()) && !sawComment) return 'std';
    break;
  }
  if (head.every((b) => b === 0x20 || (b >= 0x09 && b <= 0x0d))) {
    throw new InputError(name, 'empty input (only blank lines), expected a trace');
  }
  throw new InputError(
    name,
    `unrecognised format: expected FLTRACE1 magic, ftrace text, jsonl or std lines, got ${printableBytes(head)}`,
  );
}
