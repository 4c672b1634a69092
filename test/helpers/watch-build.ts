// Builds dist/ for the watch CLI tests when it is missing or older than src/ (the suite's
// pretest builds it; a single test file run may not have).
import { spawnSync } from 'node:child_process';
import { distIsStale } from './watch-tmux.js';

export function buildDistIfStale(root: string = process.cwd()): void {
  if (!distIsStale(root)) return;
  // Another part's type errors must not stop the build: tsc still emits, and the run is checked below.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  if (distIsStale(root)) throw new Error('dist/ could not be built: run npm run build');
}
