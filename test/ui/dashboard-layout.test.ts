import { describe, expect, it } from 'vitest';
import { FIXED_LINES, dashboardLayout } from '../../src/ui/dashboard-layout.js';

describe('dashboardLayout', () => {
  it.each([
    { height: 40, findings: 0, taskRows: 34, findingRows: 2 },
    { height: 40, findings: 3, taskRows: 32, findingRows: 4 },
    { height: 40, findings: 100, taskRows: 18, findingRows: 18 },
    { height: 8, findings: 10, taskRows: 2, findingRows: 2 },
    { height: 5, findings: 10, taskRows: 0, findingRows: 1 },
    { height: 2, findings: 10, taskRows: 0, findingRows: 0 },
  ])('splits $height lines with $findings findings into $taskRows task and $findingRows finding lines', (c) => {
    const layout = dashboardLayout(c.height, c.findings);
    expect(layout).toEqual({ taskRows: c.taskRows, findingRows: c.findingRows });
    expect(layout.taskRows + layout.findingRows).toBeLessThanOrEqual(Math.max(0, c.height - FIXED_LINES));
  });
});
