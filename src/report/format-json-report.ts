// `check --format json`: the object of docs/design.md §5, a contract read by other tools and tests.
// Key order is part of it: { policy, semantics, input: { format, events, lost, complete,
// skipped, file }, findings: [{ kind, locks, tasks, events, edges, count, alsoKinds?, detail?,
// qualification?, gate?, moreCycles?, lostInWindow? }], replayNotes? }.
// schemas/report.schema.json is its JSON Schema. Stacks and file paths come from the trace's
// Symbols records (symbolize-finding.ts).
import type { Finding, FindingEdge, FindingEvent, FindingKind, FindingLock, Qualification, Semantics } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import type { FrameEntry } from '../trace/trace-symbols.js';
import { formatAddress } from './format-id.js';
import { frameText } from './frame-text.js';
import { symbolizeFinding } from './symbolize-finding.js';
import type { LockMode } from '../trace/event.js';
import type { InputFormat } from '../trace/input.js';
import type { CheckReport } from './check-report.js';

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
    /** Requests made holding more than MAX_ORDER_DEPTH (detect/order-graph.ts) locks: each gave an edge from the last lock taken only, without gates. */
    readonly deepRequests: number;
  };
}

// One finding in the JSON report.
export interface JsonFinding {
  readonly kind: FindingKind;
  /**
   * `lock` is the instance: a decimal uint64, or "major:minor:ino" for a synthetic lock, whose
   * `path` is the file's when the trace recorded it (" (deleted)" after an unlinked one).
   */
  readonly locks: readonly JsonLock[];
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

/** A lock of a finding. */
export interface JsonLock { readonly cls: string; readonly lock: string; readonly mode: LockMode; readonly path?: string }

/** Where an edge's lock was taken or requested; `stack` when the trace has one, innermost first. */
export interface JsonSite { readonly index: number; readonly ts: string; readonly stack?: readonly JsonFrame[] }

/** One stack frame: `addr` in hex, what the trace's symbols tell, and the report's text of it. */
export interface JsonFrame {
  readonly addr: string;
  readonly symbol?: string;
  readonly offset?: number;
  readonly module?: string;
  readonly file?: string;
  readonly line?: number;
  readonly text: string;
}

/** Task `task`, holding `held` (taken at `heldAt`), requested `requested` (at `requestedAt`). */
export interface JsonEdge {
  readonly task: { readonly tid: number; readonly comm?: string };
  readonly held: JsonLock;
  readonly heldAt: JsonSite;
  readonly requested: JsonLock;
  readonly requestedAt: JsonSite;
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
    findings: report.findings.map((f) => jsonFinding(symbolizeFinding(f, input.symbols))),
    ...(notesShown(report.notes) ? { replayNotes: { ...report.notes } } : {}),
  };
}

function notesShown(notes: ReplayNotes | undefined): notes is ReplayNotes {
  return notes !== undefined && (notes.searchStops > 0 || notes.releasesAfterLoss > 0 || notes.deepRequests > 0);
}

/** The report as JSON text, indented by two spaces, without a trailing newline. */
export function renderJsonReport(report: CheckReport): string {
  return JSON.stringify(formatJsonReport(report), undefined, 2);
}

function jsonFinding(f: Finding): JsonFinding {
  const hasDetail = f.edges.length === 0 && f.detail !== undefined;
  return {
    kind: f.kind,
    locks: f.locks.map(jsonLock),
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

function jsonLock(l: FindingLock): JsonLock {
  const path = l.file?.path === undefined ? undefined : `${l.file.path}${l.file.deleted ? ' (deleted)' : ''}`;
  return { cls: l.cls, lock: l.lock, mode: l.mode, ...(path === undefined ? {} : { path }) };
}

function jsonEdge(e: FindingEdge): JsonEdge {
  return {
    task: e.task.comm === undefined ? { tid: e.task.tid } : { tid: e.task.tid, comm: e.task.comm },
    held: jsonLock(e.held),
    heldAt: jsonSite(e.heldAt),
    requested: jsonLock(e.requested),
    requestedAt: jsonSite(e.requestedAt),
  };
}

function jsonSite(e: FindingEvent): JsonSite {
  const frames = e.frames ?? e.stack?.map((addr): FrameEntry => ({ pid: 0, addr }));
  return { index: e.index, ts: String(e.ts), ...(frames === undefined || frames.length === 0 ? {} : { stack: frames.map(jsonFrame) }) };
}

function jsonFrame(f: FrameEntry): JsonFrame {
  return {
    addr: formatAddress(f.addr),
    ...(f.symbol === undefined ? {} : { symbol: f.symbol, offset: f.offset ?? 0 }),
    ...(f.module === undefined ? {} : { module: f.module }),
    ...(f.file === undefined ? {} : { file: f.file }),
    ...(f.line === undefined ? {} : { line: f.line }),
    text: frameText(f),
  };
}
