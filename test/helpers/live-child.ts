// Runs faultline source in a separate Node process (to test exits, signals and uncaught
// exceptions): the TypeScript files are transpiled to a temp dir beside a link to the
// project's node_modules.
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

/** Transpiles `files` (project-relative .ts) and writes `main` as main.mjs; resolves to main.mjs's path. */
export async function childScript(files: readonly string[], main: string): Promise<string> {
  const dir = await mkdtemp('/var/tmp/faultline-child-');
  await symlink(join(PROJECT, 'node_modules'), join(dir, 'node_modules'));
  for (const file of files) {
    const source = await readFile(join(PROJECT, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const out = join(dir, file.replace(/\.ts$/, '.js'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  const script = join(dir, 'main.mjs');
  await writeFile(script, main);
  return script;
}
