// The whole dashboard for one frame: header, then the main view (graph summary, tasks, findings,
// key reminder), a finding's report, or the key list; sized to `width` x `height`.
import { Box } from 'ink';
import type { ReactElement } from 'react';
import { assertUnreachable } from '../assert.js';
import type { DashboardView, UiState } from './dashboard-keys.js';
import { dashboardLayout } from './dashboard-layout.js';
import type { DashboardProps } from './dashboard-model.js';
import { FindingDetail } from './finding-detail.js';
import { FindingList } from './finding-list.js';
import { GraphSummary } from './graph-summary.js';
import { Header } from './header.js';
import { KeyHelp } from './key-help.js';
import { TaskTable } from './task-table.js';

/** Lines the header takes above every view. */
const HEADER_LINES = 2;

export interface DashboardViewProps extends DashboardProps {
  readonly ui: UiState;
  /** Columns and lines to fill; keep `height` below the terminal's rows so Ink redraws in place. */
  readonly width: number;
  readonly height: number;
}

function body(view: DashboardView, props: DashboardViewProps, selected: number): ReactElement {
  const { ui, width, height, findings } = props;
  switch (view) {
    case 'main': {
      const layout = dashboardLayout(height, findings.length, props.snapshot.tasks.length);
      return (
        <>
          <GraphSummary snapshot={props.snapshot} history={props.history} width={width} />
          <TaskTable tasks={props.snapshot.tasks} width={width} rows={layout.taskRows} offset={ui.taskOffset} />
          <FindingList findings={findings} selected={selected} width={width} rows={layout.findingRows} />
          <KeyHelp width={width} compact />
        </>
      );
    }
    case 'detail':
      return (
        <FindingDetail
          text={props.reports(selected)}
          index={selected}
          count={findings.length}
          width={width}
          rows={Math.max(0, height - HEADER_LINES)}
          offset={ui.detailOffset}
        />
      );
    case 'help':
      return <KeyHelp width={width} />;
    default:
      return assertUnreachable(view);
  }
}

export function Dashboard(props: DashboardViewProps): ReactElement {
  const { ui, width, height, findings } = props;
  const selected = Math.max(0, Math.min(ui.selected, findings.length - 1));
  // A list that started over (another policy) may no longer have the finding that was open.
  const view = ui.view === 'detail' && findings.length === 0 ? 'main' : ui.view;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Header {...props} />
      {body(view, props, selected)}
    </Box>
  );
}
