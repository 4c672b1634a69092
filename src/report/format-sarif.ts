// `check --format sarif`: the findings as a SARIF 2.1.0 log (OASIS Static Analysis Results
// Interchange Format), for code-scanning services. One run per policy; a rule per finding kind;
// a result per finding, located at the source line of its closing request when a stack frame
// carries file:line, else at the trace file with the lock as a logical location. Suppressed
// findings are kept, with an external suppression naming the line of the suppressions file.
import type { Finding, FindingEvent, FindingKind, FindingLock } from '../detect/finding.js';
import type { CheckReport } from './check-report.js';
import { lockName } from './lock-name.js';
import { symbolizeFinding } from './symbolize-finding.js';
import type { Suppression } from './suppressions.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** What one policy's run reports: its report, and the findings taken out by suppressions. */
export interface SarifRun {
  readonly report: CheckReport;
  readonly suppressed: readonly { readonly finding: Finding; readonly by: Suppression }[];
}

interface Rule { readonly id: string; readonly text: string; readonly level: 'error' | 'warning' }

const RULES: Readonly<Record<FindingKind, Rule>> = {
  'aa': { id: 'aa', level: 'error', text: 'A task requests a lock it already holds (recursive locking).' },
  'order-inversion': { id: 'order-inversion', level: 'error', text: 'Tasks take locks in orders that form a cycle (AB/BA or longer): a possible deadlock.' },
  'wait-cycle': { id: 'wait-cycle', level: 'error', text: 'Tasks wait on locks held by each other in a cycle: a deadlock as the trace ran.' },
  'bad-unlock': { id: 'bad-unlock', level: 'error', text: 'A lock is released by a task that does not hold it.' },
  'held-at-exit': { id: 'held-at-exit', level: 'error', text: 'A task exits holding locks: whoever takes them next waits forever.' },
  'destroy-locked': { id: 'destroy-locked', level: 'error', text: 'A lock is destroyed or re-initialised while a task holds it.' },
  'coherency': { id: 'coherency', level: 'warning', text: 'The page cache of a file is populated during its own in-flight O_DIRECT write: a coherency hazard.' },
};

/** The SARIF log object of `runs`, for JSON.stringify. */
export function formatSarif(runs: readonly SarifRun[], tool: { readonly version: string }): object {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: runs.map((run) => sarifRun(run, tool.version)),
  };
}

function sarifRun({ report, suppressed }: SarifRun, version: string): object {
  // Frames with file:line come from the trace's Symbols records.
  const symbolized = (f: Finding): Finding => symbolizeFinding(f, report.input.symbols);
  const findings = [
    ...report.findings.map((f) => ({ finding: symbolized(f), by: undefined as Suppression | undefined })),
    ...suppressed.map(({ finding, by }) => ({ finding: symbolized(finding), by })),
  ];
  const kinds = [...new Set(findings.map((f) => f.finding.kind))];
  const rules = kinds.map((kind) => RULES[kind] ?? { id: kind, level: 'error', text: `A finding of kind ${kind}.` });
  const file = report.input.path === '-' ? undefined : report.input.path;
  return {
    tool: {
      driver: {
        name: 'faultline',
        version,
        rules: rules.map((r) => ({ id: r.id, shortDescription: { text: r.text }, defaultConfiguration: { level: r.level } })),
      },
    },
    automationDetails: { id: `faultline/${report.policy}/` },
    ...(file === undefined ? {} : { artifacts: [{ location: { uri: file } }] }),
    results: findings.map(({ finding, by }) => {
      const ruleIndex = kinds.indexOf(finding.kind);
      return {
        ruleId: finding.kind,
        ruleIndex,
        level: rules[ruleIndex].level,
        message: { text: findingMessage(finding) },
        locations: [location(finding, file)],
        partialFingerprints: { 'faultlineKey/v1': `${report.policy}/${finding.semantics}/${finding.key}` },
        properties: { policy: report.policy, semantics: finding.semantics, count: finding.count, tasks: finding.tasks.map((t) => `${t.comm ?? '?'}/${t.tid}`) },
        ...(by === undefined ? {} : { suppressions: [{ kind: 'external', justification: `${by.file}:${by.line}: ${by.text}` }] }),
      };
    }),
    invocations: [{ executionSuccessful: true }],
    properties: { policy: report.policy, semantics: report.semantics, events: report.input.events, lost: report.input.lost, complete: report.input.complete },
  };
}

/** One line: what each task held and requested, else the finding's detail or locks. */
export function findingMessage(finding: Finding): string {
  const name = (l: FindingLock): string => `${lockName(l, finding.semantics)} {${l.mode.toLowerCase()}}`;
  if (finding.edges.length > 0) {
    return `${finding.kind}: ${finding.edges.map((e) => `${e.task.comm ?? '?'}/${e.task.tid} holds ${name(e.held)} and requests ${name(e.requested)}`).join('; ')}`;
  }
  return `${finding.kind}: ${finding.detail ?? finding.locks.map(name).join(', ')}`;
}

// Where a finding is: the source line of the request that closed it, else the trace file and the locks.
function location(finding: Finding, file: string | undefined): object {
  const events = [...finding.edges.map((e) => e.requestedAt), ...finding.edges.map((e) => e.heldAt), ...finding.events];
  for (const event of events) {
    const frame = sourceFrame(event);
    if (frame !== undefined) return { physicalLocation: { artifactLocation: { uri: frame.file }, region: { startLine: frame.line } } };
  }
  return {
    ...(file === undefined ? {} : { physicalLocation: { artifactLocation: { uri: file, index: 0 } } }),
    logicalLocations: [...new Set(finding.locks.map((l) => lockName(l, finding.semantics)))].map((name) => ({ name, kind: 'object' })),
  };
}

// The first stack frame of `event` naming a source file and line, when frames carry them.
function sourceFrame(event: FindingEvent): { file: string; line: number } | undefined {
  for (const { file, line } of event.frames ?? []) {
    if (file !== undefined && file !== '' && line !== undefined && line > 0) return { file, line };
  }
  return undefined;
}
