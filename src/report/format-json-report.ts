// `check --format json`: the object of docs/design.md §5, a contract read by other tools and tests.
// Key order is part of it: { policy, semantics, input: { format, events, lost, complete,
// skipped, file }, findings: [{ kind, locks, tasks, events, edges, count, alsoKinds?, detail?,
// qualification?, gate?, moreCycles?, lostInWindow? }], replayNotes? }.
// schemas/report.schema.json is its JSON Schema.
import type { Finding, FindingEdge, FindingEvent, FindingKind, FindingLock, Qualification, Semantics } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import type { LockMode } from '../trace/event.js';
import type { InputFormat } from '../trace/input.js';
import type { CheckReport } from './check-report.js';
import { formatAddress } from './format-id.js';

// The JSON report object (docs/design.md §5).
export interface JsonReport {
  readonly policy: string;
  readonly semantics: Semantics;
  readonly input: {
    readonly format: InputFormat;
    readonly events: number;
    readonly lost: number;
    readonly complete: boolean;
    /** Lines or records that could not be read. */
    readonly skipped: number;
    /** The input path as given; "-" is stdin. */
    readonly file: string;
  };
  readonly findings: readonly JsonFinding[];
  /** What the replay could not decide or did not report; present only when not all 0. */
  readonly replayNotes?: {
    /** Cycle searches cut at their bound (predictive: 8 locks or 20,000 variants; instance: qualifying). */
    readonly searchStops: number;
    /** Releases of locks a task was not known to hold, after a loss: not reported as bad-unlock. */
    readonly releasesAfterLoss: number;
  };
}

// One finding in the JSON report.
export interface JsonFinding {
  readonly kind: FindingKind;
  /** `lock` is the instance: a decimal uint64, or "major:minor:ino" for a synthetic lock. */
  readonly locks: readonly { readonly cls: string; readonly lock: string; readonly mode: LockMode }[];
  /** `comm` is absent when the trace never named the task. */
  readonly tasks: readonly { readonly tid: number; readonly comm?: string }[];
  /** `ts` in nanoseconds on the trace clock, as a decimal string. */
  readonly events: readonly { readonly index: number; readonly ts: string }[];
  /** One per dependency: AA one, a cycle one per step; none for bad-unlock and coherency. */
  readonly edges: readonly JsonEdge[];
  readonly count: number;
  /** The same cycle was also found as these kinds (docs/design.md §5). */
  readonly alsoKinds?: readonly FindingKind[];
  /** One line on what happened; bad-unlock, coherency, held-at-exit and destroy-locked only. */
  readonly detail?: string;
  /** Order inversions under instance semantics: feasible in this run, or why not. */
  readonly qualification?: Qualification;
  /** With qualification gate-lock: the common gate lock. */
  readonly gate?: { readonly cls: string; readonly lock: string };
  /** Order inversions under instance/lockdep semantics: at least this many more cycles among its locks. */
  readonly moreCycles?: number;
  /** Events lost between the finding's first and last event; absent when none. */
  readonly lostInWindow?: number;
}

// A lock of an edge: the requested mode is the one the task asked for (e.g. ADD), not the held one.
export interface JsonEdgeLock { readonly cls: string; readonly lock: string; readonly mode: LockMode }

// Where an edge's lock was taken or requested; `ts` as in `events`.
export interface JsonEdgePlace {
  readonly index: number;
  readonly ts: string;
  /** Innermost frame first, as recorded; `text` is the hex address until frames are symbolised. */
  readonly stack?: readonly { readonly addr: string; readonly text: string }[];
}

// One dependency: the task held `held` (taken at heldAt) when it requested `requested`.
export interface JsonEdge {
  readonly task: { readonly tid: number; readonly comm?: string };
  readonly held: JsonEdgeLock;
  readonly heldAt: JsonEdgePlace;
  readonly requested: JsonEdgeLock;
  readonly requestedAt: JsonEdgePlace;
}

/** The report as a plain object, keys in contract order. */
export function formatJsonReport(report: CheckReport): JsonReport {
  const { input } = report;
  return {
    policy: report.policy,
    semantics: report.semantics,
    input: {
      format: input.format,
      events: input.events,
      lost: input.lost,
      complete: input.complete,
      skipped: input.skipped,
      file: input.path,
    },
    findings: report.findings.map(jsonFinding),
    ...(notesShown(report.notes) ? { replayNotes: { ...report.notes } } : {}),
  };
}

function notesShown(notes: ReplayNotes | undefined): notes is ReplayNotes {
  return notes !== undefined && (notes.searchStops > 0 || notes.releasesAfterLoss > 0);
}

/** The report as JSON text, indented by two spaces, without a trailing newline. */
export function renderJsonReport(report: CheckReport): string {
  return JSON.stringify(formatJsonReport(report), undefined, 2);
}

function jsonFinding(f: Finding): JsonFinding {
  const hasDetail = f.edges.length === 0 && f.detail !== undefined;
  return {
    kind: f.kind,
    locks: f.locks.map((l) => ({ cls: l.cls, lock: l.lock, mode: l.mode })),
    tasks: f.tasks.map((t) => (t.comm === undefined ? { tid: t.tid } : { tid: t.tid, comm: t.comm })),
    events: f.events.map((e) => ({ index: e.index, ts: String(e.ts) })),
    edges: f.edges.map(jsonEdge),
    count: f.count,
    ...(f.alsoKinds !== undefined && f.alsoKinds.length > 0 ? { alsoKinds: f.alsoKinds } : {}),
    ...(hasDetail ? { detail: f.detail } : {}),
    ...(f.qualification === undefined ? {} : { qualification: f.qualification }),
    ...(f.gate === undefined ? {} : { gate: { cls: f.gate.cls, lock: f.gate.lock } }),
    ...(f.moreCycles === undefined || f.moreCycles === 0 ? {} : { moreCycles: f.moreCycles }),
    ...(f.lostInWindow === undefined ? {} : { lostInWindow: f.lostInWindow }),
  };
}

function jsonEdge(e: FindingEdge): JsonEdge {
  return {
    task: e.task.comm === undefined ? { tid: e.task.tid } : { tid: e.task.tid, comm: e.task.comm },
    held: edgeLock(e.held),
    heldAt: edgePlace(e.heldAt),
    requested: edgeLock(e.requested),
    requestedAt: edgePlace(e.requestedAt),
  };
}

function edgeLock(l: FindingLock): JsonEdgeLock {
  return { cls: l.cls, lock: l.lock, mode: l.mode };
}

function edgePlace(e: FindingEvent): JsonEdgePlace {
  const place = { index: e.index, ts: String(e.ts) };
  if (e.stack === undefined || e.stack.length === 0) return place;
  return { ...place, stack: e.stack.map((frame) => ({ addr: formatAddress(frame), text: formatAddress(frame) })) };
}
