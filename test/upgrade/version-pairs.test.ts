/**
 * The version-pair suite: for every example and valid fixture, each ordinary compose edit (edits.ts)
 * is applied programmatically (to the main compose file and to the main file of every included
 * project), v1 and v2 are synthesized into two folders, and the independent
 * checker compares them (`check-manifests.mjs v2 --previous v1`): the API server must accept every
 * object of v2 as an update of v1 (no UPGRADE finding), and no claim or stateful workload may be
 * pruned with its data (no UPGRADE-PRUNE warning). Edits that Kubernetes cannot apply in place (a
 * rename, a replica count that turns claims into volumeClaimTemplates, a new volume or size on a
 * multi-replica StatefulSet) are not ordinary and are left out (README: "What is upgrade-safe").
 * Every test here needs the checker (test/support/checker.ts): skipped when it is absent.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { writeIntoDir } from '../../src/output/write';
import { PROJECTS, ROOT } from '../helpers';
import { testWithChecker } from '../support/checker';
import { checkPairs, Finding, prepareChecker } from './checker';
import { composeFiles, EDITS, readCompose, templateVolumes, writeCompose } from './edits';

interface Pair {
  readonly project: string;
  readonly edit: string;
  readonly changes: readonly string[];
  readonly previous: string;
  readonly dir: string;
}

let work: string;
const pairs: Pair[] = [];
const noEffect: string[] = [];
const roundTrip: [string, boolean][] = [];
const outOfSuite: string[] = [];
let findings: Finding[][] = [];
const timings: Record<string, number> = {};

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

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-pairs-'));
  let t = Date.now();
  const checker = prepareChecker(work);
  timings.checkerInstall = Date.now() - t;
  t = Date.now();
  for (const project of PROJECTS) {
    const slug = project.replace(/\//g, '_');
    const original = compile({ files: [], cwd: path.join(ROOT, project), environment: {} });
    // The main compose file, as the default lookup names it (relative to the project folder).
    const main = path.relative(original.project.workingDir, path.resolve(original.project.workingDir, original.project.files[0]));
    for (const v of templateVolumes(original)) outOfSuite.push(`${project}: volume ${v} (volumeClaimTemplates of a multi-replica StatefulSet)`);

    const v1 = copyProject(project, path.join(work, slug, 'v1'));
    for (const f of composeFiles(path.join(v1, main))) writeCompose(f.file, readCompose(f.file));
    const previous = path.join(work, 'out', slug, 'v1');
    const r1 = synth(v1, previous);
    roundTrip.push([project, same(r1.files, original.files)]);

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
      if (same(r2.files, r1.files)) noEffect.push(`${project}: ${edit.name} (${changes.join('; ')})`);
      else pairs.push({ project, edit: edit.name, changes, previous, dir });
    }
  }
  timings.synth = Date.now() - t;
  t = Date.now();
  findings = await checkPairs(checker, pairs);
  timings.check = Date.now() - t;
  const byEdit = EDITS.map((e) => `  ${e.name.padEnd(13)} ${String(pairs.filter((p) => p.edit === e.name).length).padStart(3)} pairs  ${e.description}`);
  console.log(
    [
      `version pairs: ${pairs.length} pairs over ${PROJECTS.length} projects (${EDITS.length} edits)`,
      ...byEdit,
      `no effect (the edit is overridden in another file, or its target is dropped): ${noEffect.length}`,
      ...noEffect.map((x) => `  ${x}`),
      `left out (not upgradable in place): ${outOfSuite.length}`,
      ...outOfSuite.map((x) => `  ${x}`),
      `time: checker install ${timings.checkerInstall} ms, synth ${timings.synth} ms, checker ${timings.check} ms`,
    ].join('\n'),
  );
}, 15 * 60_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

testWithChecker('the suite covers every example and valid fixture, and every edit changes some output', () => {
  expect([...new Set(pairs.map((p) => p.project))].sort()).toEqual([...PROJECTS].sort());
  for (const e of EDITS) expect([e.name, pairs.filter((p) => p.edit === e.name).length > 0]).toEqual([e.name, true]);
});

testWithChecker('the edits reach the services of included projects: their main files are edited too', () => {
  const including = PROJECTS.filter((p) => {
    const r = compile({ files: [], cwd: path.join(ROOT, p), environment: {} });
    return composeFiles(path.resolve(r.project.workingDir, r.project.files[0])).length > 1;
  });
  expect(including.length).toBeGreaterThan(0);
  for (const project of including) {
    // "env db/compose.yaml", "volume worker/compose.yaml"...: which edit changed which included file.
    const edited = new Set(pairs.filter((p) => p.project === project).flatMap((p) => p.changes.filter((c) => /^[^ ]+\.ya?ml: /.test(c)).map((c) => `${p.edit} ${c.split(': ')[0]}`)));
    expect([project, [...edited].some((e) => e.startsWith('env ')), [...edited].some((e) => e.startsWith('volume '))]).toEqual([project, true, true]);
  }
});

testWithChecker('writing the compose file back is faithful: v1 synthesizes exactly as the project itself', () => {
  expect(roundTrip.filter(([, ok]) => !ok).map(([p]) => p)).toEqual([]);
});

testWithChecker('the checker ran on every pair', () => {
  expect(findings).toHaveLength(pairs.length);
  for (const f of findings) expect(Array.isArray(f)).toBe(true);
});

testWithChecker('no ordinary edit changes a field the API server refuses to update, or prunes data (UPGRADE, UPGRADE-PRUNE)', () => {
  const bad = pairs.flatMap((p, i) =>
    findings[i].filter((f) => f.rule === 'UPGRADE' || f.rule === 'UPGRADE-PRUNE').map((f) => `${p.project} ${p.edit}: ${f.rule} ${f.object}: ${f.message}`),
  );
  expect(bad).toEqual([]);
});

testWithChecker('every edited version keeps Argo CD syncing: no ARGO-WAVES finding', () => {
  const bad = pairs.flatMap((p, i) => findings[i].filter((f) => f.rule === 'ARGO-WAVES').map((f) => `${p.project} ${p.edit}: ${f.object}: ${f.message}`));
  expect(bad).toEqual([]);
});
