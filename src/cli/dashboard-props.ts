// The dashboard's props for a frame of a watch session (watch, and the bench's dashboard timing).
import { formatFinding } from '../report/format-finding.js';
import { symbolizeFinding } from '../report/symbolize-finding.js';
import type { WatchState } from '../replay/watch-session.js';
import type { DashboardProps } from '../ui/dashboard-model.js';

// A finding's report is its block of `check`'s text report.
export function dashboardProps(state: WatchState): DashboardProps {
  const { info, findings } = state;
  return {
    source: state.source,
    policy: state.policy,
    semantics: state.semantics,
    snapshot: state.snapshot,
    eventsPerSecond: state.eventsPerSecond,
    history: state.history,
    findings,
    reports: (index) => formatFinding(symbolizeFinding(findings[index], info?.symbols)).join('\n').trimEnd(),
    speed: state.speed,
    paused: state.paused,
    incomplete: state.done && info !== undefined && (!info.complete || info.skipped > 0),
    done: state.done,
  };
}
