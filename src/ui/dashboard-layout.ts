// How the main view splits the terminal's lines between the task table and the finding list.

/** Lines the main view spends outside the two tables: header (2), graph summary, key reminder. */
export const FIXED_LINES = 4;

export interface DashboardLayout {
  /** Task table lines, its column header included. */
  readonly taskRows: number;
  /** Finding list lines, its title included. */
  readonly findingRows: number;
}

// The finding list takes what it needs up to half the body (at least title and one line);
// the task table takes the rest. The two never exceed `height - FIXED_LINES`.
export function dashboardLayout(height: number, findingCount: number): DashboardLayout {
  const body = Math.max(0, height - FIXED_LINES);
  const wanted = Math.max(2, findingCount + 1);
  const findingRows = Math.min(wanted, Math.max(2, Math.floor(body / 2)), body);
  return { taskRows: body - findingRows, findingRows };
}
