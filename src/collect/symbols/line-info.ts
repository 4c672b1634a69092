// Source lines of code addresses in an ELF object, from its DWARF line tables through
// binutils' `addr2line` (-C: C++ names demangled). Absent addr2line, or an object without
// debug info, gives no lines: frames keep their symbols.
import { execa } from 'execa';

export interface LineInfo {
  /** The function addr2line names (demangled; the innermost inlined one). */
  readonly function?: string;
  readonly file?: string;
  readonly line?: number;
}

// Addresses per addr2line run (its command line stays short).
const CHUNK = 256;
const TIMEOUT_MS = 20_000;

/** Line info of each of `addresses` (link-time) in `object`, in order; {} where unknown. */
export async function readLineInfo(object: string, addresses: readonly bigint[], addr2line = 'addr2line'): Promise<LineInfo[]> {
  const out: LineInfo[] = [];
  for (let i = 0; i < addresses.length; i += CHUNK) {
    const chunk = addresses.slice(i, i + CHUNK);
    out.push(...(await run(addr2line, object, chunk)));
  }
  return out;
}

async function run(addr2line: string, object: string, addresses: readonly bigint[]): Promise<LineInfo[]> {
  const none = addresses.map(() => ({}));
  let stdout: string;
  try {
    const result = await execa(addr2line, ['-e', object, '-f', '-C', '-a', ...addresses.map((a) => `0x${a.toString(16)}`)], {
      reject: false, timeout: TIMEOUT_MS, stdin: 'ignore',
    });
    if (result.exitCode !== 0) return none;
    stdout = String(result.stdout);
  } catch {
    return none;
  }
  // -a: each answer is "0xADDR", "function", "file:line[ (discriminator N)]".
  const lines = stdout.split('\n');
  const infos: LineInfo[] = [];
  for (let i = 0; i + 2 < lines.length && infos.length < addresses.length; i += 3) {
    if (!lines[i].startsWith('0x')) return none;
    infos.push(parseAnswer(lines[i + 1], lines[i + 2]));
  }
  return infos.length === addresses.length ? infos : none;
}

function parseAnswer(fn: string, place: string): LineInfo {
  const m = /^(.*):(\d+)(?: \(discriminator \d+\))?$/.exec(place);
  const file = m === null || m[1] === '??' || m[1] === '' ? undefined : m[1];
  const line = m === null || file === undefined || m[2] === '0' ? undefined : Number(m[2]);
  return {
    ...(fn === '??' || fn === '' ? {} : { function: fn }),
    ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { line }),
  };
}
