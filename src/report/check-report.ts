// What one `check` run reports for one policy: the input it read and the findings.
import type { Finding, Semantics } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import type { InputInfo } from '../trace/input.js';

/** The input of the text and JSON report formatters; `policy` is a policy name (e.g. "fdm"). */
export interface CheckReport {
  readonly findings: readonly Finding[];
  readonly input: InputInfo;
  readonly policy: string;
  readonly semantics: Semantics;
  /** What the replay could not decide or did not report (absent: nothing). */
  readonly notes?: ReplayNotes;
}
