// Runs a command under load hooks (cli-load-hooks.mjs) and names the modules it loaded:
// `ink`, `@scope/pkg` for packages, `dist/ui/watch-app.js` for the project's own built files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOOKS = new URL('./cli-load-hooks.mjs', import.meta.url).href;
const REGISTER = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`;

export interface LoadRun { readonly exitCode: number; readonly stderr: string; readonly modules: readonly string[] }

/** `node --import <hooks> ...nodeArgs` in the repository root; the modules it loaded, in order. */
export async function loadedModules(nodeArgs: readonly string[], input?: string): Promise<LoadRun> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-load-'));
  const log = join(dir, 'loaded.txt');
  try {
    const result = await execa('node', ['--import', REGISTER, ...nodeArgs], {
      cwd: ROOT, reject: false, input, env: { FAULTLINE_LOAD_LOG: log },
    });
    const urls = readFileSync(log, 'utf8').split('\n').filter((line) => line !== '');
    return { exitCode: result.exitCode ?? -1, stderr: String(result.stderr), modules: [...new Set(urls.map(moduleName))] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function moduleName(url: string): string {
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg !== null) return pkg[1];
  const root = pathToFileURL(ROOT).href;
  return url.startsWith(root) ? url.slice(root.length) : url;
}
