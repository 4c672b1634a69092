// The layer rule of src/ (docs/design.md §1): every import of every source file, type-only and
// dynamic ones included, read with TypeScript's own pre-processor and checked against one table.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

/**
 * Each folder of src/ and the folders it may import directly. The rule is transitive: a folder
 * may also import whatever those may. Every folder may import its own files and the root helpers
 * (src/*.ts), which import nothing. Higher layers first.
 *
 *   cli → ui → export → replay, report → detect, policy → model → trace
 *   cli → input → import → kernel → trace;  cli → collect → kernel;  cli → gen → trace
 *   policy → kernel (constants)
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  cli: ['ui', 'input', 'collect', 'gen'],
  ui: ['export'],
  export: ['replay', 'report'],
  replay: ['detect', 'policy'],
  report: ['detect', 'policy'],
  detect: ['model'],
  policy: ['model', 'kernel'],
  model: ['trace'],
  input: ['import'],
  import: ['kernel'],
  collect: ['kernel'],
  gen: ['trace'],
  kernel: ['trace'],
  trace: [],
};

/** The folder a file of src/ belongs to; undefined for a root helper (src/*.ts). */
function folderOf(file: string): string | undefined {
  const parts = relative(SRC, file).split('/');
  return parts.length === 1 ? undefined : parts[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Import { readonly from: string; readonly to: string; readonly line: string }

// Every relative import of every file of src/, resolved to the file it names (.js → .ts/.tsx).
function allImports(): Import[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const lineOf = (pos: number): number => text.slice(0, pos).split('\n').length;
    return importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => ({
      from: file,
      to: resolve(dirname(file), i.fileName),
      line: `${relative(SRC, file)}:${lineOf(i.pos)} imports ${i.fileName}`,
    }));
  });
}

// The folders `folder` may import: its own, and every one the table reaches from it.
function reachable(folder: string): Set<string> {
  const seen = new Set<string>([folder]);
  const stack = [folder];
  while (stack.length > 0) {
    for (const next of MAY_IMPORT[stack.pop() as string] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

// The import is against the rule: a reason, or undefined when it is allowed.
function violation(i: Import): string | undefined {
  const from = folderOf(i.from);
  const to = folderOf(i.to);
  if (!i.to.startsWith(`${SRC}/`)) return 'leaves src/';
  if (from === undefined) return 'a root helper imports nothing';
  if (to === undefined) return undefined;
  return reachable(from).has(to) ? undefined : `${from} may not import ${to}`;
}

const imports = allImports();

describe('the layers of src/', () => {
  it('places every folder of src/ in the rule table', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('finds the imports it checks (type-only and dynamic ones too)', () => {
    const found = (file: string, name: string): boolean => imports.some((i) => i.line.startsWith(`${file}:`) && i.line.endsWith(` ${name}`));
    expect(found('cli/run-check.ts', '../replay/replay.js'), 'a dynamic import').toBe(true);
    expect(found('replay/check-input.ts', '../policy/policy.js'), 'a type-only import').toBe(true);
    expect(found('collect/ftrace/instance.ts', '../../trace/errors.js'), 'an import from a subfolder').toBe(true);
    expect(imports.length).toBeGreaterThan(500);
  });

  it('has a rule table without cycles', () => {
    const cyclic = Object.keys(MAY_IMPORT).filter((folder) => (MAY_IMPORT[folder] ?? []).some((next) => reachable(next).has(folder)));
    expect(cyclic).toEqual([]);
  });

  it('imports only downwards', () => {
    const wrong = imports.flatMap((i) => {
      const reason = violation(i);
      return reason === undefined ? [] : [`${i.line}: ${reason}`];
    });
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      const from = folderOf(i.from);
      const to = folderOf(i.to);
      if (from === undefined || to === undefined || from === to) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
    const reaches = (start: string, goal: string): boolean => {
      const seen = new Set<string>();
      const stack = [start];
      while (stack.length > 0) {
        const at = stack.pop() as string;
        if (at === goal) return true;
        if (seen.has(at)) continue;
        seen.add(at);
        stack.push(...(edges.get(at) ?? []));
      }
      return false;
    };
    const cycles = [...edges].flatMap(([from, tos]) => [...tos].filter((to) => reaches(to, from)).map((to) => `${from} → ${to} → … → ${from}`));
    expect(cycles).toEqual([]);
  });
});
