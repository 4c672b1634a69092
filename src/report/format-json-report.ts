// `check --format json`: the object of docs/design.md §5, a contract read by other tools and tests.
// Key order is part of it: { policy, semantics, input: { format, events, lost, complete,
// skipped, file }, findings: [{ kind, locks, tasks, events, count, detail? }] }.
import type { Finding, FindingKind, Qualification, Semantics } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
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
  readonly count: number;
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
    count: f.count,
    ...(hasDetail ? { detail: f.detail } : {}),
    ...(f.qualification === undefined ? {} : { qualification: f.qualification }),
    ...(f.gate === undefined ? {} : { gate: { cls: f.gate.cls, lock: f.gate.lock } }),
    ...(f.moreCycles === undefined || f.moreCycles === 0 ? {} : { moreCycles: f.moreCycles }),
    ...(f.lostInWindow === undefined ? {} : { lostInWindow: f.lostInWindow }),
  };
}
