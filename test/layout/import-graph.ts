/**
 * The import graph of our TypeScript files and the layout rules checked over it (test/layout/):
 * - no import cycle: a file never reaches itself through relative imports (`import type` included,
 *   so that the layering holds for types too);
 * - a folder with an `index.ts` is entered from outside only through that index.ts;
 * - no file over MAX_LINES lines, no folder with more than MAX_FILES files.
 * Imports are read with `ts.preProcessFile` (import/export declarations, `import()`, `require()`);
 * only relative specifiers are followed, resolved as TypeScript does (X.ts, X/index.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const MAX_LINES = 400;
export const MAX_FILES = 15;

/** file (relative to root, `/`-separated) → the files it imports, relative to root. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Every .ts file (not .d.ts) under the given files and folders, relative to root, sorted. */
export function tsFiles(root: string, entries: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const name of fs.readdirSync(abs)) walk(rel === '' ? name : `${rel}/${name}`);
    } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) {
      out.push(rel);
    }
  };
  for (const e of entries) walk(e);
  return out.sort();
}

/** The file a relative specifier names, as TypeScript resolves it, or undefined (not one of ours). */
function resolveSpecifier(root: string, from: string, spec: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (candidate.endsWith('.ts') && fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile()) return candidate;
  }
  return undefined;
}

/** The relative imports of each file that resolve to a .ts file under root. */
export function importGraph(root: string, files: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf8'), true, true);
    const targets = new Set<string>();
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('./') && !ref.fileName.startsWith('../')) continue;
      const target = resolveSpecifier(root, file, ref.fileName);
      if (target !== undefined) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The import cycles of the graph, each as the list of files around it (first file repeated last). */
export function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      const s = state.get(next);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

/** The folders (relative to root) that hold an index.ts, among the graph's files. */
function indexedFolders(graph: ImportGraph): string[] {
  return [...graph.keys()].filter((f) => path.posix.basename(f) === 'index.ts' && f.includes('/')).map((f) => path.posix.dirname(f));
}

/**
 * Imports that enter a folder with an index.ts from outside it other than through that index.ts,
 * as "importer → imported (folder/index.ts is the way in)". Only importers in `checked` count.
 */
export function indexViolations(graph: ImportGraph, checked: (file: string) => boolean): string[] {
  const folders = indexedFolders(graph);
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (!checked(file)) continue;
    for (const target of targets) {
      for (const folder of folders) {
        const inside = target.startsWith(`${folder}/`) && target !== `${folder}/index.ts`;
        if (inside && !file.startsWith(`${folder}/`)) out.push(`${file} → ${target} (${folder}/index.ts is the way in)`);
      }
    }
  }
  return out.sort();
}

/** Files of more than MAX_LINES lines (newlines, as `wc -l` counts), as "file: N lines". */
export function longFiles(root: string, files: readonly string[]): string[] {
  return files
    .map((f) => [f, (fs.readFileSync(path.join(root, f), 'utf8').match(/\n/g) ?? []).length] as const)
    .filter(([, n]) => n > MAX_LINES)
    .map(([f, n]) => `${f}: ${n} lines`);
}

/** Folders under the given ones that hold more than MAX_FILES files (sub-folders not counted). */
export function crowdedFolders(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    const count = entries.filter((e) => e.isFile()).length;
    if (count > MAX_FILES) out.push(`${rel}: ${count} files`);
    for (const e of entries) if (e.isDirectory()) walk(`${rel}/${e.name}`);
  };
  for (const f of folders) if (fs.existsSync(path.join(root, f))) walk(f);
  return out;
}
