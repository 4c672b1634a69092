// `show --format json`: the trace summary as one JSON object, for scripts. Timestamps are
// nanoseconds as decimal strings (as in the check report); dev as "major:minor".
import type { Header } from '../trace/event.js';
import { formatDev } from '../trace/dev.js';
import type { InputInfo } from '../trace/input.js';
import type { TraceSummary } from './trace-summary.js';

/** The summary of `info`'s input as a plain object. */
export function summaryJson(summary: TraceSummary, info: InputInfo): object {
  return {
    input: { file: info.path, format: info.format, complete: info.complete, skipped: info.skipped },
    ...(info.header === undefined ? {} : { header: headerJson(info.header) }),
    events: summary.events,
    lost: summary.lost,
    firstTs: summary.firstTs === undefined ? undefined : String(summary.firstTs),
    lastTs: summary.lastTs === undefined ? undefined : String(summary.lastTs),
    kinds: Object.fromEntries(Object.entries(summary.kinds).filter(([, n]) => n > 0)),
    tasks: [...summary.tasks.values()].sort((a, b) => a.tid - b.tid).map((t) => ({ tid: t.tid, pid: t.pid, comm: t.comm, events: t.events })),
    files: [...summary.files.values()].flatMap((byIno) => [...byIno.values()]).map((f) => ({
      dev: formatDev(f.dev), ino: f.ino, dio: f.dio, fault: f.fault, pagecache: f.pagecache, fileOps: f.ops,
    })),
  };
}

function headerJson(h: Header): object {
  return { version: h.version, collector: h.collector, hostname: h.hostname, kernel: h.kernel, startUnixNs: String(h.startUnixNs), clock: h.clock, meta: h.meta };
}
