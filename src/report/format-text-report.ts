// `check`'s text report in lockdep's dialect: a header naming the input, policy and semantics,
// warnings about the input, one block per finding, and a closing summary line.
import { printableText } from '../trace/printable-text.js';
import type { CheckReport } from './check-report.js';
import { findingsSummary } from './findings-summary.js';
import { formatFinding } from './format-finding.js';
import { inputWarnings } from './input-warnings.js';
import { replayWarnings } from './replay-warnings.js';
import { REPORT_WIDTH, wrapText } from './wrap-text.js';
import { symbolizeFinding } from './symbolize-finding.js';

/** The whole report, newline-terminated; every line is under 80 columns. */
export function formatTextReport(report: CheckReport): string {
  const lines = [
    ...headerLines(report),
    ...inputWarnings(report.input),
    ...replayWarnings(report.notes),
    '',
    ...report.findings.flatMap((f) => formatFinding(symbolizeFinding(f, report.input.symbols))),
    ...wrapText(`${findingsSummary(report.findings)}${lostNote(report.input.lost)}`, '', '  '),
  ];
  return `${lines.join('\n')}\n`;
}

/** "<file> (<format>): policy P, semantics S, N events, M lost", on two lines when long. */
function headerLines({ input, policy, semantics }: CheckReport): string[] {
  const file = `${input.path === '-' ? 'stdin' : printableText(input.path)} (${input.format}):`;
  const rest = `policy ${policy}, semantics ${semantics}, ${input.events} events, ${input.lost} lost`;
  const one = `${file} ${rest}`;
  if (one.length <= REPORT_WIDTH) return [one];
  const shortFile = file.length <= REPORT_WIDTH ? file : `...${file.slice(file.length - REPORT_WIDTH + 3)}`;
  return [shortFile, ...wrapText(rest, '  ')];
}

// The verdict's caveat when the collector dropped events.
function lostNote(lost: number): string {
  return lost === 0 ? '' : `; ${lost} event${lost === 1 ? '' : 's'} lost: findings may be missing`;
}
