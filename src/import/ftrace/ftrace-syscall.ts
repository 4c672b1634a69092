// Syscall entry and exit lines, in the kernel's text (kernel/trace/trace_syscalls.c:
// `sys_pwrite64(fd: 4, buf: 0x7f…, count: 0x1000, pos: 0)` and `sys_pwrite64 -> 0x1000`;
// arguments are hex, with or without 0x) and in trace-cmd report's (`sys_enter_pwrite64: fd:
// 0x00000004, buf: …` and `sys_exit_pwrite64: 0x1000`).

export type SyscallLine =
  | { readonly phase: 'enter'; readonly name: string; readonly args: ReadonlyMap<string, bigint> }
  | { readonly phase: 'exit'; readonly name: string };

const KERNEL_ENTER = /^sys_(\w+)\((.*)\)\s*$/;
const KERNEL_EXIT = /^sys_(\w+) -> /;
const REPORT_ENTER = /^sys_enter_(\w+):\s*(.*)$/;
const REPORT_EXIT = /^sys_exit_(\w+):/;
const ARG = /^\s*(\w+): (?:0x)?([0-9a-f]+)\s*$/i;

/** A syscall line's name (without `sys_`) and arguments; undefined for any other line. */
export function parseSyscallLine(rest: string): SyscallLine | undefined {
  const enter = KERNEL_ENTER.exec(rest) ?? REPORT_ENTER.exec(rest);
  if (enter !== null) return { phase: 'enter', name: enter[1], args: parseArgs(enter[2]) };
  const exit = KERNEL_EXIT.exec(rest) ?? REPORT_EXIT.exec(rest);
  if (exit !== null) return { phase: 'exit', name: exit[1] };
  return undefined;
}

function parseArgs(text: string): ReadonlyMap<string, bigint> {
  const args = new Map<string, bigint>();
  for (const part of text.split(',')) {
    const m = ARG.exec(part);
    if (m !== null) args.set(m[1], BigInt(`0x${m[2]}`));
  }
  return args;
}
