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
import { compile } from '../../src/compile';
import { PROJECTS, ROOT } from '../helpers';
import { testWithChecker } from '../support/checker';
import { checkPairs, Finding, prepareChecker } from './checker';
import { composeFiles, EDITS } from './edits';
import { generatePairs, Pair } from './pairs';

let work: string;
let pairs: Pair[] = [];
let noEffect: string[] = [];
let roundTrip: [string, boolean][] = [];
let outOfSuite: string[] = [];
let findings: Finding[][] = [];
const timings: Record<string, number> = {};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-pairs-'));
  let t = Date.now();
  const checker = prepareChecker(work);
  timings.checkerInstall = Date.now() - t;
  t = Date.now();
  ({ pairs, noEffect, outOfSuite, roundTrip } = generatePairs(work));
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
