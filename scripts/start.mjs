// `npm start`: install dependencies on first use, build, then check the bundled sample traces;
// in a terminal, then open the dashboard on one of them (q quits). Without one (CI), only the checks.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.log('faultline: installing dependencies (first run)…');
  if (run(npm, ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}
if (!isBuilt()) {
  if (run(npm, ['run', 'build', '--silent']) !== 0) process.exit(1);
}

const traces = readdirSync(join(root, 'traces')).filter((f) => f.endsWith('.pb')).sort();
for (const trace of traces) {
  console.log(`\n$ faultline check traces/${trace} --policy all`);
  const status = run(process.execPath, ['bin/faultline.js', 'check', `traces/${trace}`, '--policy', 'all']);
  if (status !== 0 && status !== 1 && status !== 4) process.exit(status);
}

const DASHBOARD_SAMPLE = ['traces/s2-abba-overlap.pb', '--policy', 'naive'];
if (process.stdout.isTTY && process.stdin.isTTY) {
  console.log(`\n$ faultline watch ${DASHBOARD_SAMPLE.join(' ')}    (q quits, ? lists the keys)`);
  const status = run(process.execPath, ['bin/faultline.js', 'watch', ...DASHBOARD_SAMPLE]);
  if (status !== 0 && status !== 1 && status !== 4) process.exit(status);
}

function isBuilt() {
  const main = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) return false;
  const built = statSync(main).mtimeMs;
  return newestSource(join(root, 'src')) <= built;
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
