// `check --format json`: the object of docs/design.md §5, a contract read by other tools and tests.
// Key order is part of it: { policy, semantics, input: { format, events, lost, complete,
// skipped, file }, findings: [{ kind, locks, tasks, events, count, detail?, edges }] }.
// Stacks and file paths come from the trace's Symbols records (symbolize-finding.ts).
import type { Finding, FindingEdge, FindingEvent, FindingKind, FindingLock, Semantics } from '../detect/finding.js';
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
  readonly count: number;
  /** One line on what happened; bad-unlock and coherency only. */
  readonly detail?: string;
  /** The dependency edges (aa, order-inversion, wait-cycle; empty otherwise), with both sites. */
  readonly edges: readonly JsonEdge[];
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
  };
}

/** The report as JSON text, indented by two spaces, without a trailing newline. */
export function renderJsonReport(report: CheckReport): string {
  return JSON.stringify(formatJsonReport(report), undefined, 2);
}

function jsonFinding(f: Finding): JsonFinding {
  const hasDetail = (f.kind === 'bad-unlock' || f.kind === 'coherency') && f.detail !== undefined;
  return {
    kind: f.kind,
    locks: f.locks.map(jsonLock),
    tasks: f.tasks.map((t) => (t.comm === undefined ? { tid: t.tid } : { tid: t.tid, comm: t.comm })),
    events: f.events.map((e) => ({ index: e.index, ts: String(e.ts) })),
    count: f.count,
    ...(hasDetail ? { detail: f.detail } : {}),
    edges: f.edges.map(jsonEdge),
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
