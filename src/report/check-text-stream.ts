// `check`'s text output as it is made: an opening line naming the input before the replay, each
// finding's block when first found, and a closing summary with what was known only at the end
// (events, lost, warnings, how often each finding recurred, suppressions) for every policy.
import type { Finding, Semantics } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import type { InputInfo } from '../trace/input.js';
import { findingsSummary } from './findings-summary.js';
import { inputWarnings } from './input-warnings.js';
import { replayWarnings } from './replay-warnings.js';
import { REPORT_WIDTH, wrapText } from './wrap-text.js';

/** One policy's closing: its reported findings and how many the suppressions took out. */
export interface PolicyClosing {
  readonly policy: string;
  readonly findings: readonly Finding[];
  readonly suppressed: number;
  readonly suppressFile?: string;
  /** What its replay could not decide or did not report (replay-warnings.ts). */
  readonly notes?: ReplayNotes;
}

/** "<file> (<format>): policy P, semantics S", then a blank line. */
export function textOpening(info: Pick<InputInfo, 'path' | 'format'>, policies: readonly string[], semantics: Semantics): string {
  const file = `${info.path === '-' ? 'stdin' : info.path} (${info.format}):`;
  const rest = `${policies.length === 1 ? 'policy' : 'policies'} ${policies.join(', ')}, semantics ${semantics}`;
  const one = `${file} ${rest}`;
  const lines = one.length <= REPORT_WIDTH ? [one] : [file, ...wrapText(rest, '  ')];
  return `${lines.join('\n')}\n\n`;
}

/** Warnings, "N events, M lost", then per policy its summary, replay warnings, suppressions and recurring findings. */
export function textClosing(info: InputInfo, closings: readonly PolicyClosing[]): string {
  const lines = [...inputWarnings(info), `${info.events} events, ${info.lost} lost`];
  for (const c of closings) {
    lines.push(...wrapText(`policy ${c.policy}: ${findingsSummary(c.findings)}`, '', '  '));
    lines.push(...replayWarnings(c.notes, '  '));
    if (c.suppressed > 0) lines.push(`  ${c.suppressed} suppressed${c.suppressFile === undefined ? '' : ` by ${c.suppressFile}`}`);
    c.findings.forEach((f, i) => {
      if (f.count > 1) lines.push(`  #${i + 1} ${f.kind} found ${f.count} times`);
    });
  }
  return `${lines.join('\n')}\n`;
}
