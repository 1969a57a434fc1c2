/**
 * The version pair "output of the release before storage identity → output of today's code", per
 * project (issue 24). The earlier output is recorded in test/upgrade/before-storage-identity/ by
 * scripts/record-before-storage-identity.sh (that release's own CLI, on the same project files);
 * today's is compiled here. The independent checker compares them twice:
 *  - as recorded: no UPGRADE finding (every object applies as an update) and no UPGRADE-PRUNE
 *    finding (the claims that leave are protected from GitOps pruning, so they keep their data);
 *  - with that protection taken away from the recorded claims: the checker then names every claim
 *    that leaves (UPGRADE-PRUNE), and those must be exactly the claims the README's upgrade section
 *    lists for that project (test/upgrade/documented-renames.ts) — no more, no fewer.
 * The README's rows are also checked on the manifests: the old claim is mounted at exactly the
 * listed (service, path)s before, the listed object is mounted there now, and the output's own
 * storage table gives it the listed source.
 * The checker's tests are skipped without a checker (test/support/checker.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { compile } from '../../src/compile';
import { writeIntoDir } from '../../src/output/write';
import { Any, ROOT } from '../helpers';
import { CHECKER_RUNS, testWithChecker } from '../support/checker';
import { checkPairs, Finding, prepareChecker } from './checker';
import { DocumentedRename, documentedRenames } from './documented-renames';

const RECORDED_ROOT = path.join(__dirname, 'before-storage-identity');

/** The recorded projects: every folder of RECORDED_ROOT that holds manifests, relative to it (= the project's path). */
function recordedProjects(rel = ''): string[] {
  const dir = path.join(RECORDED_ROOT, rel);
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const own = entries.some((e) => e.isFile() && e.name.endsWith('.yaml')) ? [rel] : [];
  return [...own, ...entries.filter((e) => e.isDirectory()).flatMap((e) => recordedProjects(path.posix.join(rel, e.name)))];
}

const PROJECTS = recordedProjects().sort();
const RENAMES = documentedRenames();

/** The Argo CD and Flux prune protections, as our writer puts them on a claim (one annotation a line). */
const PROTECTION = /^ +(argocd\.argoproj\.io\/sync-options: Prune=false,Delete=false|kustomize\.toolkit\.fluxcd\.io\/prune: disabled)\n/gm;

function objectsIn(dir: string): Any[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Any))
    .filter((o) => o && typeof o.kind === 'string');
}

/** "service path" → "PersistentVolumeClaim/NAME" | "Secret/NAME" | "ConfigMap/NAME" | "other", over every workload's containers. */
function mountsOf(objects: readonly Any[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objects) {
    const pod = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    if (!pod) continue;
    const volumes = new Map<string, string>(
      (pod.volumes ?? []).map((v: Any) => [
        v.name,
        v.persistentVolumeClaim ? `PersistentVolumeClaim/${v.persistentVolumeClaim.claimName}` : v.secret ? `Secret/${v.secret.secretName}` : v.configMap ? `ConfigMap/${v.configMap.name}` : 'other',
      ]),
    );
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) for (const m of c.volumeMounts ?? []) out.set(`${o.metadata.name} ${m.mountPath}`, volumes.get(m.name) ?? 'other');
  }
  return out;
}

let work: string;
const findings = new Map<string, { recorded: Finding[]; unprotected: Finding[] }>();
let checkMs = 0;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-before-si-'));
  for (const p of PROJECTS) {
    const r = compile({ files: [], cwd: path.join(ROOT, p), environment: {} });
    writeIntoDir(path.join(work, 'new', p), r.files);
    const unprotected = path.join(work, 'unprotected', p);
    fs.mkdirSync(unprotected, { recursive: true });
    for (const f of fs.readdirSync(path.join(RECORDED_ROOT, p))) fs.writeFileSync(path.join(unprotected, f), fs.readFileSync(path.join(RECORDED_ROOT, p, f), 'utf8').replace(PROTECTION, ''));
  }
  if (!CHECKER_RUNS) return;
  const t = Date.now();
  const checker = prepareChecker(work);
  const pairs = PROJECTS.flatMap((p) => [
    { dir: path.join(work, 'new', p), previous: path.join(RECORDED_ROOT, p) },
    { dir: path.join(work, 'new', p), previous: path.join(work, 'unprotected', p) },
  ]);
  const all = await checkPairs(checker, pairs);
  PROJECTS.forEach((p, i) => findings.set(p, { recorded: all[2 * i], unprotected: all[2 * i + 1] }));
  checkMs = Date.now() - t;
  console.log(`storage identity pairs: ${PROJECTS.length} projects, ${RENAMES.length} documented claim renames; checker (install and ${pairs.length} pairs) ${checkMs} ms`);
}, 10 * 60_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const upgradeFindings = (list: readonly Finding[]) => list.filter((f) => f.rule === 'UPGRADE' || f.rule === 'UPGRADE-PRUNE').map((f) => `${f.rule} ${f.object}: ${f.message}`);
const renamesOf = (project: string): DocumentedRename[] => RENAMES.filter((r) => r.project === project);

test('the recorded output covers every project of the README table, and each recorded project still exists', () => {
  expect(PROJECTS.length).toBeGreaterThan(0);
  expect([...new Set(RENAMES.map((r) => r.project))].filter((p) => !PROJECTS.includes(p))).toEqual([]);
  expect(PROJECTS.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
});

describe.each(PROJECTS.filter((p) => renamesOf(p).length > 0))('%s: the README rows hold on the manifests', (project) => {
  const before = () => mountsOf(objectsIn(path.join(RECORDED_ROOT, project)));
  const now = () => mountsOf(objectsIn(path.join(work, 'new', project)));

  test.each(renamesOf(project).map((r) => [r.before, r] as const))('%s', (_, row) => {
    const [b, n] = [before(), now()];
    // The old claim was mounted at exactly the listed places, and each of them mounts the listed object now.
    expect([...b].filter(([, v]) => v === `PersistentVolumeClaim/${row.before}`).map(([k]) => k).sort()).toEqual([...row.mounts].sort());
    expect(row.mounts.map((m) => [m, n.get(m)])).toEqual(row.mounts.map((m) => [m, row.now]));
    // The output's storage table gives that object the listed source.
    const [kind, name] = row.now.split('/');
    const report = fs.readFileSync(path.join(work, 'new', project, 'README.md'), 'utf8');
    const rows = report.split('\n').filter((l) => l.startsWith(`| ${kind} \`${name}\` |`));
    expect(rows.map((l) => l.split(' | ')[1])).toEqual([`\`${row.source}\``]);
  });
});

testWithChecker('as recorded, every project applies as an update: no UPGRADE or UPGRADE-PRUNE finding', () => {
  expect(PROJECTS.flatMap((p) => upgradeFindings(findings.get(p)!.recorded).map((f) => `${p}: ${f}`))).toEqual([]);
});

testWithChecker('without their prune protection, the claims that leave are exactly the README rows of each project', () => {
  const found = (p: string) => findings.get(p)!.unprotected.filter((f) => f.rule === 'UPGRADE-PRUNE').map((f) => f.object).sort();
  const documented = (p: string) => renamesOf(p).map((r) => `PersistentVolumeClaim/${r.before}`).sort();
  expect(PROJECTS.map((p) => [p, found(p)])).toEqual(PROJECTS.map((p) => [p, documented(p)]));
  // Taking the protection away changes nothing else: no hard UPGRADE finding either.
  expect(PROJECTS.flatMap((p) => findings.get(p)!.unprotected.filter((f) => f.rule === 'UPGRADE').map((f) => `${p}: ${f.object}: ${f.message}`))).toEqual([]);
});
