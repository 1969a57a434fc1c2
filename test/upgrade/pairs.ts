/**
 * The version-pair generator: for every example and valid fixture, each ordinary compose edit
 * (edits.ts) is applied programmatically (to the main compose file and to the main file of every
 * included project), and v1 and v2 are synthesized into two folders. Used by the version-pair
 * suite (the checker compares each pair) and by the cluster suite (v2 is applied over v1 on a real
 * API server).
 */
import * as fs from 'fs';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { writeIntoDir } from '../../src/output/write';
import { PROJECTS, ROOT } from '../helpers';
import { composeFiles, EDITS, readCompose, templateVolumes, writeCompose } from './edits';

export interface Pair {
  readonly project: string;
  readonly edit: string;
  readonly changes: readonly string[];
  /** The output folder of v1 (the version that is deployed). */
  readonly previous: string;
  /** The output folder of v2. */
  readonly dir: string;
}

export interface GeneratedPairs {
  readonly pairs: Pair[];
  /** Edits that changed no output: "project: edit (changes)". */
  readonly noEffect: string[];
  /** Volumes left out of the suite (not upgradable in place). */
  readonly outOfSuite: string[];
  /** Per project: does v1 (the compose file written back) synthesize exactly as the project itself? */
  readonly roundTrip: [string, boolean][];
}

/** Synthesizes the project folder (default file lookup, no environment) into `out`. */
function synth(dir: string, out: string): CompileResult {
  const r = compile({ files: [], cwd: dir, environment: {} });
  writeIntoDir(out, r.files);
  return r;
}

/**
 * A copy of the project with its main compose file rewritten by the test's YAML writer. The folder
 * keeps the project's own name: without `name:` the project name (the `instance` label of every
 * selector) comes from it.
 */
function copyProject(project: string, to: string): string {
  const dir = path.join(to, path.basename(project));
  fs.cpSync(path.join(ROOT, project), dir, { recursive: true });
  return dir;
}

function same(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** Generates every (project, edit) pair under `work` (a fresh folder the caller removes). */
export function generatePairs(work: string, projects: readonly string[] = PROJECTS): GeneratedPairs {
  const out: GeneratedPairs = { pairs: [], noEffect: [], outOfSuite: [], roundTrip: [] };
  for (const project of projects) {
    const slug = project.replace(/\//g, '_');
    const original = compile({ files: [], cwd: path.join(ROOT, project), environment: {} });
    // The main compose file, as the default lookup names it (relative to the project folder).
    const main = path.relative(original.project.workingDir, path.resolve(original.project.workingDir, original.project.files[0]));
    for (const v of templateVolumes(original)) out.outOfSuite.push(`${project}: volume ${v} (volumeClaimTemplates of a multi-replica StatefulSet)`);

    const v1 = copyProject(project, path.join(work, slug, 'v1'));
    for (const f of composeFiles(path.join(v1, main))) writeCompose(f.file, readCompose(f.file));
    const previous = path.join(work, 'out', slug, 'v1');
    const r1 = synth(v1, previous);
    out.roundTrip.push([project, same(r1.files, original.files)]);

    for (const edit of EDITS) {
      const v2 = copyProject(project, path.join(work, slug, edit.name));
      const changes: string[] = [];
      // The main file and the main file of every included project, each edited where its services are.
      for (const f of composeFiles(path.join(v2, main))) {
        const doc = readCompose(f.file);
        const changed = edit.apply({ doc, dir: v2, base: f.base, main: f.file === path.join(v2, main), v1: r1 });
        if (changed.length === 0) continue;
        writeCompose(f.file, doc);
        changes.push(...changed.map((c) => (f.file === path.join(v2, main) ? c : `${path.relative(v2, f.file)}: ${c}`)));
      }
      if (changes.length === 0) continue;
      const dir = path.join(work, 'out', slug, edit.name);
      let r2: CompileResult;
      try {
        r2 = synth(v2, dir);
      } catch (e) {
        throw new Error(`${project}: edit ${edit.name} (${changes.join('; ')}) does not synthesize: ${(e as Error).message}`);
      }
      if (same(r2.files, r1.files)) out.noEffect.push(`${project}: ${edit.name} (${changes.join('; ')})`);
      else out.pairs.push({ project, edit: edit.name, changes, previous, dir });
    }
  }
  return out;
}
