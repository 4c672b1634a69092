// How the main view splits the terminal's lines between the task table and the finding list.

/** Lines the main view spends outside the two tables: header (2), graph summary, key reminder. */
export const FIXED_LINES = 4;

export interface DashboardLayout {
  /** Task table lines, its column header included. */
  readonly taskRows: number;
  /** Finding list lines, its title included. */
  readonly findingRows: number;
}

// The finding list gets what it needs when the task table leaves it room, else at least half the
// body (and title and one line); rows neither needs go to the findings, never left blank under a
// short task table. The two never exceed `height - FIXED_LINES`.
export function dashboardLayout(height: number, findingCount: number, taskCount = Infinity): DashboardLayout {
  const body = Math.max(0, height - FIXED_LINES);
  const wanted = Math.max(2, findingCount + 1);
  const taskWanted = taskCount + 1;
  const share = Math.max(2, Math.floor(body / 2), body - taskWanted);
  const findingRows = Math.min(Math.max(wanted, body - taskWanted), share, body);
  return { taskRows: body - findingRows, findingRows };
}
