// One line of `bpftrace -f json` output, read into what the collector acts on.
//
// bpftrace 0.17 prints one JSON object per line: {"type": "printf", "data": "..."},
// {"type": "lost_events", "data": {"events": N}}, {"type": "attached_probes",
// "data": {"probes": N}}, {"type": "map", "data": {"@NAME": VALUE}} for each print(@NAME) and
// each map left at exit, and other types. Blank lines appear at exit.

export type BpftraceMessage =
  | { readonly kind: 'printf'; readonly data: string }
  | { readonly kind: 'lost'; readonly count: number }
  | { readonly kind: 'attached'; readonly probes: number }
  | { readonly kind: 'map'; readonly name: string; readonly value: unknown }
  | { readonly kind: 'other'; readonly type: string }
  | { readonly kind: 'unreadable'; readonly line: string };

// Reads one output line; blank lines are undefined.
export function parseBpftraceMessage(line: string): BpftraceMessage | undefined {
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'unreadable', line };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'unreadable', line };
  const { type, data } = value as { type?: unknown; data?: unknown };
  if (type === 'printf' && typeof data === 'string') return { kind: 'printf', data };
  if (type === 'lost_events') {
    const count = numberField(data, 'events');
    return count === undefined ? { kind: 'unreadable', line } : { kind: 'lost', count };
  }
  if (type === 'map' && typeof data === 'object' && data !== null) {
    const names = Object.keys(data);
    if (names.length === 1) return { kind: 'map', name: names[0], value: (data as Record<string, unknown>)[names[0]] };
  }
  if (type === 'attached_probes') {
    const probes = numberField(data, 'probes');
    return probes === undefined ? { kind: 'unreadable', line } : { kind: 'attached', probes };
  }
  return typeof type === 'string' ? { kind: 'other', type } : { kind: 'unreadable', line };
}

function numberField(data: unknown, name: string): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const field = (data as Record<string, unknown>)[name];
  return typeof field === 'number' ? field : undefined;
}
