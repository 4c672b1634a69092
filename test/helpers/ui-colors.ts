// Ink colours through chalk, which turns them off when the test's stdout is not a terminal.
// `withColors()` turns them on for one test file so a test can see what is highlighted.
import chalk from 'chalk';
import { afterAll, beforeAll } from 'vitest';

export function withColors(): void {
  let level: typeof chalk.level = 0;
  beforeAll(() => {
    level = chalk.level;
    chalk.level = 1;
  });
  afterAll(() => {
    chalk.level = level;
  });
}

/** The SGR sequence chalk level 1 opens red text with. */
export const RED = '\u001b[31m';
