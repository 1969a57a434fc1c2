/**
 * `npm run test:conformance`: our front end against `docker compose config` (the reference
 * implementation, compose-go inside docker compose, built by scripts/compose-tool.sh).
 *
 * Compared: every example, valid fixture and test/corpus project, the deviation fixtures, and
 * ≥500 generated projects (test/conformance/generate, fast-check with fixed seeds). Expected: no
 * difference except the deliberate deviations of deviations.ts, each shown by its fixture. A
 * mutation test proves that a change of any compared field is seen. Ends with
 * `N projects compared, F fields compared, D deviations`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compare, flatten, type Comparable } from './compare/comparable';
import { repositoryCases, writeGenerated } from './cases';
import type { ConformanceCase } from './case';
import { DEVIATIONS } from './deviations';
import { generatedProjects } from './generate/projects';
import { pool, referenceBinary } from './reference';
import { compareCase, fieldOf, type CaseResult } from './run';

/** Generated projects per kind (7 kinds); the seed is fixed. */
const PER_KIND = Number(process.env.CONFORMANCE_PER_KIND ?? 75);
const SEED = Number(process.env.CONFORMANCE_SEED ?? 20261206);
/** Compose processes at a time. */
const CONCURRENCY = Number(process.env.CONFORMANCE_CONCURRENCY ?? 3);

const binary = referenceBinary();
const available = fs.existsSync(binary);
if (!available && process.env.CI === 'true') throw new Error(`the reference docker compose is missing at ${binary}; CI must build it first: bash scripts/compose-tool.sh build`);

const describeWithBinary = available ? describe : describe.skip;
if (!available) {
  process.stderr.write(`conformance: skipped: no reference binary at ${binary}.\nBuild it once with: bash scripts/compose-tool.sh build (Go 1.26 and the Go module proxy; a few minutes)\n`);
}

describeWithBinary('conformance with docker compose config', () => {
  let root: string;
  let results: CaseResult[] = [];
  let repoNames: Set<string>;
  const started = Date.now();

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-compose-conformance-'));
    const repo = repositoryCases();
    repoNames = new Set(repo.map((c) => c.name));
    const generated = generatedProjects(PER_KIND, SEED).map((p, i) => writeGenerated(root, `${p.kind}-${String(i).padStart(3, '0')}`, p));
    const cases: ConformanceCase[] = [...repo, ...generated];
    results = await pool(cases, CONCURRENCY, (c) => compareCase(binary, c));
  }, 30 * 60_000);

  afterAll(() => {
    // CONFORMANCE_KEEP=1 keeps the generated projects (their folder is printed) for triage.
    if (root && process.env.CONFORMANCE_KEEP !== '1') fs.rmSync(root, { recursive: true, force: true });
    else if (root) process.stdout.write(`generated projects kept in ${root}\n`);
    const fields = results.reduce((n, r) => n + r.fields, 0);
    const seen = DEVIATIONS.filter((d) => results.some((r) => r.deviations.has(d.id)));
    const lines = seen.map((d) => `deviation ${d.id}: ${d.title} (${results.filter((r) => r.deviations.has(d.id)).length} projects; fixture ${d.fixture})`);
    lines.push(`${results.length} projects compared, ${fields} fields compared, ${seen.length} deviations (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
    // CONFORMANCE_REPORT=FILE: every difference, one a line (for triage).
    if (process.env.CONFORMANCE_REPORT) fs.writeFileSync(process.env.CONFORMANCE_REPORT, `${report(results).join('\n')}\n`);
  });

  const report = (rs: CaseResult[]) => rs.flatMap((r) => r.differences.map((d) => `${r.name}: ${d.path}: ours ${d.ours}, compose ${d.compose}`));

  test('every example, valid fixture and corpus project reads as docker compose reads it', () => {
    const repo = results.filter((r) => repoNames.has(r.name));
    expect(repo.length).toBeGreaterThan(30);
    expect(report(repo)).toEqual([]);
  });

  test(`at least 500 generated projects read as docker compose reads them`, () => {
    const generated = results.filter((r) => !repoNames.has(r.name));
    expect(generated.length).toBeGreaterThanOrEqual(Math.min(500, PER_KIND * 7));
    expect(report(generated)).toEqual([]);
  });

  test('every deliberate deviation is shown by its fixture, and no other deviation is seen', () => {
    for (const d of DEVIATIONS) {
      const fixture = results.find((r) => r.name === d.fixture);
      expect({ deviation: d.id, fixtureCompared: fixture !== undefined }).toEqual({ deviation: d.id, fixtureCompared: true });
      expect({ deviation: d.id, shown: fixture?.deviations.has(d.id) }).toEqual({ deviation: d.id, shown: true });
    }
    const known = new Set(DEVIATIONS.map((d) => d.id));
    expect(results.flatMap((r) => [...r.deviations.keys()].filter((id) => !known.has(id)))).toEqual([]);
  });

  test('the comparison fails when any compared field differs (mutation on either side)', () => {
    // One example per field: the first case whose compose side has it.
    const examples = new Map<string, { result: CaseResult; path: string }>();
    for (const r of results) {
      if (r.ours === undefined || r.theirs === undefined || r.differences.length > 0) continue;
      for (const p of flatten(r.theirs).keys()) if (!examples.has(fieldOf(p))) examples.set(fieldOf(p), { result: r, path: p });
    }
    const missed: string[] = [];
    for (const [field, { result, path: p }] of examples) {
      for (const side of ['ours', 'theirs'] as const) {
        const mutated = mutate(result[side] as Comparable, p);
        const c = side === 'ours' ? compare(mutated, result.theirs as Comparable) : compare(result.ours as Comparable, mutated);
        if (!c.differences.some((d) => d.path === p || d.path.startsWith(`${p}.`) || d.path.startsWith(`${p}[`))) missed.push(`${field} (${side}, ${result.name} ${p})`);
      }
    }
    expect(missed).toEqual([]);
    // The fields the issue asks to compare are all exercised.
    for (const f of REQUIRED_FIELDS) expect({ field: f, exercised: examples.has(f) }).toEqual({ field: f, exercised: true });
  });
});

/** Fields that must be compared somewhere in the suite (the list). */
const REQUIRED_FIELDS = [
  'name',
  'services.*.image',
  'services.*.build.context',
  'services.*.build.dockerfile',
  'services.*.command[*]',
  'services.*.entrypoint[*]',
  'services.*.environment.*',
  'services.*.ports[*].published',
  'services.*.ports[*].host_ip',
  'services.*.ports[*].target',
  'services.*.expose[*]',
  'services.*.volumes[*].source',
  'services.*.volumes[*].target',
  'services.*.tmpfs[*].target',
  'services.*.secrets[*].target',
  'services.*.configs[*].target',
  'services.*.networks.*.aliases[*]',
  'services.*.links[*]',
  'services.*.depends_on.*.condition',
  'services.*.depends_on.*.required',
  'services.*.healthcheck.interval',
  'services.*.deploy.resources.limits.memory',
  'services.*.deploy.resources.limits.cpus',
  'services.*.restart',
  'services.*.user',
  'services.*.working_dir',
  'services.*.labels.*',
  'services.*.profiles[*]',
  'volumes.*.name',
  'networks.*.external',
  'secrets.*.file',
  'configs.*.content',
];

/** `value` with the leaf (or subtree) at `at` changed. */
function mutate(value: Comparable, at: string): Comparable {
  const copy = JSON.parse(JSON.stringify(value)) as Comparable;
  const keys = [...at.matchAll(/("(?:[^"\\]|\\.)*"|[^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1]));
  let node = copy as Record<string | number, Comparable>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string | number, Comparable>;
  const last = keys[keys.length - 1];
  const leaf = node[last];
  node[last] = typeof leaf === 'string' ? `${leaf}~` : typeof leaf === 'number' ? leaf + 1 : typeof leaf === 'boolean' ? !leaf : leaf === null ? 'mutated' : Array.isArray(leaf) ? [...leaf, 'mutated'] : { ...leaf, mutated: true };
  return copy;
}
