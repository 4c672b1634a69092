// `export --to dot`: the lock-order graph in Graphviz's language. A node per lock (its class, symbol
// or file name), an edge per (held, requested, modes) labelled "held → requested mode" and the tasks
// that made it. With `cycles`, only the locks and edges of the findings, each finding's edges in
// red; without, the whole graph, findings' edges still in red.
import type { Finding, FindingLock } from '../detect/finding.js';
import { lockName } from '../report/lock-name.js';
import type { LockMode } from '../trace/event.js';
import { dotString } from './dot-string.js';
import type { Timeline } from './lock-timeline.js';

interface DotEdge { readonly from: string; readonly to: string; readonly fromMode: LockMode; readonly toMode: LockMode; readonly tasks: Set<string>; finding: boolean }

/** The DOT text of the lock-order graph of `timeline`, or of the findings' cycles alone. */
export function lockGraphDot(timeline: Timeline, findings: readonly Finding[], options: { readonly cycles?: boolean; readonly title?: string } = {}): string {
  const edges = new Map<string, DotEdge>();
  const key = (from: string, fromMode: LockMode, to: string, toMode: LockMode): string => `${from}\0${fromMode}\0${to}\0${toMode}`;
  if (!options.cycles) {
    for (const e of timeline.edges.values()) {
      edges.set(key(e.from, e.fromMode, e.to, e.toMode), { ...e, tasks: new Set(e.tasks), finding: false });
    }
  }
  for (const finding of findings) {
    for (const e of finding.edges) {
      const from = nodeName(e.held, finding);
      const to = nodeName(e.requested, finding);
      const k = key(from, e.held.mode, to, e.requested.mode);
      const task = `${e.task.comm ?? '?'}/${e.task.tid}`;
      const known = edges.get(k);
      if (known !== undefined) {
        known.finding = true;
        known.tasks.add(task);
      } else {
        edges.set(k, { from, to, fromMode: e.held.mode, toMode: e.requested.mode, tasks: new Set([task]), finding: true });
      }
    }
  }
  const nodes = new Set<string>();
  for (const e of edges.values()) { nodes.add(e.from); nodes.add(e.to); }
  const lines = [
    'digraph lock_order {',
    ...(options.title === undefined ? [] : [`  label=${dotString(options.title)};`, '  labelloc=t;']),
    '  node [shape=box, fontname="monospace"];',
    '  edge [fontname="monospace", fontsize=10];',
  ];
  for (const node of nodes) lines.push(`  ${dotString(node)};`);
  for (const e of edges.values()) {
    const label = dotString(`${e.fromMode.toLowerCase()} → ${e.toMode.toLowerCase()}`, [...e.tasks].join(', '));
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [label=${label}${e.finding ? ', color=red, fontcolor=red, penwidth=2' : ''}];`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

// A finding's lock named as the reports name it; a file path when the finding carries one.
function nodeName(lock: FindingLock, finding: Finding): string {
  const path = (lock as FindingLock & { readonly path?: string }).path;
  return path !== undefined && path !== '' ? path : lockName(lock, finding.semantics);
}
