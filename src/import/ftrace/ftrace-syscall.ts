// Syscall entry and exit lines, in the kernel's text (kernel/trace/trace_syscalls.c:
// `sys_pwrite64(fd: 4, buf: 0x7f…, count: 0x1000, pos: 0)` and `sys_pwrite64 -> 0x1000`;
// arguments are hex, with or without 0x) and in trace-cmd report's (`sys_enter_pwrite64: fd:
// 0x00000004, buf: …` and `sys_exit_pwrite64: 0x1000`).
//
// The shapes, read by hand (a good part of a live capture's lines are syscalls):
//   kernel enter  /^sys_(\w+)\((.*)\)\s*$/      kernel exit  /^sys_(\w+) -> /
//   report enter  /^sys_enter_(\w+):\s*(.*)$/   report exit  /^sys_exit_(\w+):/
//   an argument   /^\s*(\w+): (?:0x)?([0-9a-f]+)\s*$/i, arguments separated by ','
import { hasLineTerminator, isHexAnyCase, isSpace, skipSpaces, skipWord } from './ftrace-scan.js';

export type SyscallLine =
  | { readonly phase: 'enter'; readonly name: string; readonly args: ReadonlyMap<string, bigint> }
  | { readonly phase: 'exit'; readonly name: string };

/** A syscall line read in place: its name, and for an entry where its arguments are, text[argsStart, argsEnd). */
export interface SyscallAt {
  readonly phase: 'enter' | 'exit';
  readonly name: string;
  readonly argsStart: number;
  readonly argsEnd: number;
}

const ENTER_PREFIX = 'enter_';
const EXIT_PREFIX = 'exit_';

/** A syscall line's name (without `sys_`) and arguments; undefined for any other line. */
export function parseSyscallLine(rest: string): SyscallLine | undefined {
  const call = scanSyscallLine(rest, 0, rest.length);
  if (call === undefined) return undefined;
  if (call.phase === 'exit') return { phase: 'exit', name: call.name };
  return { phase: 'enter', name: call.name, args: parseArgs(rest, call.argsStart, call.argsEnd) };
}

/** The syscall line text[start, end) (the rest of an ftrace line), its arguments unread; undefined for any other line. */
export function scanSyscallLine(text: string, start: number, end: number): SyscallAt | undefined {
  const nameStart = start + 4;
  if (end < nameStart || !text.startsWith('sys_', start)) return undefined;
  const wordEnd = skipWord(text, nameStart, end);
  if (wordEnd === nameStart) return undefined;
  const after = wordEnd < end ? text.charCodeAt(wordEnd) : -1;
  if (after === 0x28) {
    // `(.*)\)\s*$`: the last ')', followed by spaces only, nothing `.` cannot match before it.
    let close = end - 1;
    while (close > wordEnd && text.charCodeAt(close) !== 0x29) close--;
    if (close > wordEnd && skipSpaces(text, close + 1, end) === end && !hasLineTerminator(text, wordEnd + 1, close)) {
      return { phase: 'enter', name: text.slice(nameStart, wordEnd), argsStart: wordEnd + 1, argsEnd: close };
    }
  }
  if (after === 0x3a && wordEnd > nameStart + ENTER_PREFIX.length && text.startsWith(ENTER_PREFIX, nameStart)) {
    const argsStart = skipSpaces(text, wordEnd + 1, end);
    if (!hasLineTerminator(text, argsStart, end)) {
      return { phase: 'enter', name: text.slice(nameStart + ENTER_PREFIX.length, wordEnd), argsStart, argsEnd: end };
    }
  }
  if (wordEnd + 4 <= end && text.startsWith(' -> ', wordEnd)) {
    return { phase: 'exit', name: text.slice(nameStart, wordEnd), argsStart: end, argsEnd: end };
  }
  if (after === 0x3a && wordEnd > nameStart + EXIT_PREFIX.length && text.startsWith(EXIT_PREFIX, nameStart)) {
    return { phase: 'exit', name: text.slice(nameStart + EXIT_PREFIX.length, wordEnd), argsStart: end, argsEnd: end };
  }
  return undefined;
}

/** The arguments in text[start, end); a part that is not `name: hex` is left out. */
export function parseArgs(text: string, start: number, end: number): ReadonlyMap<string, bigint> {
  const args = new Map<string, bigint>();
  for (let from = start; from <= end;) {
    const to = partEnd(text, from, end);
    const name = readArg(text, from, to);
    if (name !== undefined) args.set(name, argValue(text));
    from = to + 1;
  }
  return args;
}

/** Argument `name` in text[start, end) (the last of that name, as parseArgs keeps it), or undefined. */
export function syscallArg(text: string, start: number, end: number, name: string): bigint | undefined {
  let value: bigint | undefined;
  for (let from = start; from <= end;) {
    const to = partEnd(text, from, end);
    // Cheap test first: a part is read only when it starts with the name.
    const nameAt = skipSpaces(text, from, to);
    if (nameAt + name.length <= to && text.startsWith(name, nameAt) && readArg(text, from, to) === name) value = argValue(text);
    from = to + 1;
  }
  return value;
}

function partEnd(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) !== 0x2c) i++;
  return i;
}

// Where readArg found the hex digits of the argument it read.
const hexDigits = { start: 0, end: 0 };

// The name of the `name: hex` argument text[start, end), its digits in hexDigits; undefined when it is not one.
function readArg(text: string, start: number, end: number): string | undefined {
  const nameStart = skipSpaces(text, start, end);
  const nameEnd = skipWord(text, nameStart, end);
  if (nameEnd === nameStart || nameEnd + 2 > end || !text.startsWith(': ', nameEnd)) return undefined;
  let pos = nameEnd + 2;
  // "0x" is a prefix only when a hex digit follows it.
  if (pos + 2 < end && text.charCodeAt(pos) === 0x30 && (text.charCodeAt(pos + 1) | 0x20) === 0x78 && isHexAnyCase(text.charCodeAt(pos + 2))) pos += 2;
  const digitsStart = pos;
  while (pos < end && isHexAnyCase(text.charCodeAt(pos))) pos++;
  if (pos === digitsStart) return undefined;
  const digitsEnd = pos;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  if (pos !== end) return undefined;
  hexDigits.start = digitsStart;
  hexDigits.end = digitsEnd;
  return text.slice(nameStart, nameEnd);
}

function argValue(text: string): bigint {
  return BigInt(`0x${text.slice(hexDigits.start, hexDigits.end)}`);
}
