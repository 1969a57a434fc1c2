/**
 * The corpus (test/corpus/NAME/): compose projects written the way they are published, with the
 * files they mount. Every one that asks for nothing that cannot run renders in the default mode; its
 * output passes the independent checker (../shared/checker, all folders in one process)
 * with no hard finding but IMAGE-TAG on images the input left untagged or at `latest` (or a build:
 * without image:); no literal secret value is written as an env, ConfigMap or Secret value, and no
 * secret value of 8 or more characters appears anywhere in the output; `--strict` refuses exactly
 * the projects that had warnings with an attention code. A project that asks for what cannot run is
 * refused in every mode (DESIGN "refuse only what cannot run"), with the error it gives.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProject } from '../../src/compose';
import { compile, CompileResult } from '../../src/compile';
import { formatDiagnostic, UserError } from '../../src/diagnostics';
import { ATTENTION } from '../../src/attention';
import { parseImage } from '../../src/model/images';
import { hasUrlCredentials, isNonSecretValue, isSecretName } from '../../src/secret-names';
import { Any, ROOT } from '../helpers';
import { CHECKER_SOURCE, testWithChecker } from '../support/checker';

const CORPUS = path.join(ROOT, 'test/corpus');

/** The attention codes this corpus asserts: all of src/attention.ts. */
const ASSERTED: readonly string[] = Object.keys(ATTENTION);

interface Expectation {
  /** Where the file comes from (the pattern it is written after). */
  readonly from: string;
  readonly codes?: readonly string[];
  /** Refused in every mode as published, because what it asks cannot run: the first error line. */
  readonly refused?: string;
}


const PROJECTS: Readonly<Record<string, Expectation>> = {
  django: {
    from: 'docker docs "Quickstart: Compose and Django" (awesome-compose official-documentation-samples/django)',
    // image: postgres is postgres 18: PGDATA is set on the volume at /var/lib/postgresql/data (a warning without a code).
    codes: ['image-user', 'literal-secret', 'mutable-image', 'project-name', 'unpushed-image', 'writable-root'],
  },
  'error-tracking': {
    from: 'a self-hosted error-tracking stack in the shape getsentry/self-hosted publishes (anchors and merge keys, one image for dozens of consumers, named volumes without a size, images no profile knows): 64 services, the stress case of the warning summary (test/cli/first-hour.test.ts)',
    codes: ['image-user', 'writable-root'],
  },
  'flask-redis': { from: 'docker docs "Docker Compose Quickstart" (Flask + Redis)', codes: ['image-user', 'project-name', 'unpushed-image', 'writable-root'] },
  // /etc/timezone and /etc/localtime are dropped with a warning pointing to TZ.
  gitea: { from: 'Gitea docs "Installation with Docker" (PostgreSQL)', codes: ['image-user', 'literal-secret', 'project-name', 'writable-root'] },
  kafka: { from: 'apache/kafka image docs, single-node KRaft broker with kafka-ui', codes: ['image-user', 'mutable-image', 'project-name', 'writable-root'] },
  keycloak: { from: 'Keycloak "Getting started with Docker" with PostgreSQL', codes: ['image-user', 'literal-secret', 'project-name', 'writable-root'] },
  laravel: { from: 'Laravel app + nginx + MySQL tutorial layout (php-fpm Dockerfile, docker/nginx/default.conf)', codes: ['image-user', 'literal-secret', 'mutable-image', 'project-name', 'writable-root'] },
  minio: { from: 'MinIO "Deploy MinIO: Single-Node Single-Drive" compose', codes: ['image-user', 'literal-secret', 'mutable-image', 'project-name', 'writable-root'] },
  'mongo-express': { from: 'mongo official image docs (stack.yml with mongo-express)', codes: ['image-user', 'literal-secret', 'mutable-image', 'project-name', 'writable-root'] },
  n8n: { from: 'n8n docs "Docker Compose" (without the Traefik part)', codes: ['image-user', 'mutable-image', 'project-name', 'writable-root'] },
  nextcloud: { from: 'nextcloud official image docs (MariaDB + Redis)', codes: ['image-user', 'mutable-image', 'project-name', 'writable-root'] },
  nextjs: { from: 'vercel/next.js examples/with-docker-compose (production file)', codes: ['image-user', 'project-name', 'unpushed-image', 'writable-root'] },
  'postgres-adminer': { from: 'postgres official image docs (stack.yml with adminer)', codes: ['image-user', 'literal-secret', 'mutable-image', 'project-name', 'writable-root'] },
  'prometheus-grafana': { from: 'docker/awesome-compose prometheus-grafana', codes: ['image-user', 'literal-secret', 'mutable-image', 'project-name', 'writable-root'] },
  'rabbitmq-worker': { from: 'Celery + RabbitMQ worker tutorial (worker with restart: on-failure, API with restart: "no")', codes: ['literal-secret', 'one-shot-server', 'project-name', 'unpushed-image', 'writable-root'] },
  rails: {
    from: 'docker docs "Quickstart: Compose and Rails" (awesome-compose official-documentation-samples/rails)',
    codes: ['image-user', 'literal-secret', 'mutable-image', 'project-name', 'unpushed-image', 'writable-root'],
  },
  'self-hosted-photos': { from: 'immich docker-compose.yml (ports "${IMMICH_HOST:-}:2283:2283", flow sequence closed at its key\'s indentation as in getsentry/self-hosted)', codes: ['image-user', 'writable-root'] },
  'spring-postgres': {
    from: 'docker/awesome-compose spring-postgres (db/password.txt git-ignored)',
    codes: ['image-user', 'missing-file', 'mutable-image', 'project-name', 'unpushed-image', 'writable-root'],
  },
  'traefik-whoami': {
    from: 'Traefik "Quick Start" with Docker',
    // The Docker API socket is refused in every mode, with the Kubernetes way (Traefik's Kubernetes provider).
    refused:
      "error: compose.yaml: services.reverse-proxy.volumes[0]: the Docker API socket \"/var/run/docker.sock\" cannot be mounted on Kubernetes: nodes run containerd, so there is no Docker API to mount; use the Kubernetes way instead: the Kubernetes API through a ServiceAccount with RBAC (e.g. Traefik's Kubernetes provider instead of its Docker provider, a Kubernetes API client instead of a Docker client); remove it",
  },
  umami: { from: 'umami-software/umami docker-compose.yml (PostgreSQL)', codes: ['image-user', 'literal-secret', 'project-name', 'writable-root'] },
  wordpress: { from: 'docker docs "Quickstart: Compose and WordPress" (awesome-compose official-documentation-samples/wordpress)', codes: ['literal-secret', 'mutable-image', 'project-name'] },
};

const ALL = fs.readdirSync(CORPUS).filter((n) => fs.statSync(path.join(CORPUS, n)).isDirectory()).sort();
const RENDERED = ALL.filter((n) => PROJECTS[n]?.refused === undefined);
const REFUSED = ALL.filter((n) => PROJECTS[n]?.refused !== undefined);

function compileCorpus(name: string, strict = false): CompileResult {
  return compile({ files: [], cwd: path.join(CORPUS, name), environment: {}, strict });
}

/** Every file of a project folder, as text. */
function projectTexts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? projectTexts(path.join(dir, e.name)) : [fs.readFileSync(path.join(dir, e.name), 'utf8')]));
}

const occurrences = (text: string, s: string) => text.split(s).length - 1;

/**
 * The secret values of a project, found independently of the model: literal secret entries of the
 * compose file, URL passwords, secret entries of env files and the values of secret variables; each
 * with the number of places that hold it as a secret.
 */
function secretValues(dir: string): Map<string, number> {
  const { project } = loadProject({ files: [], cwd: dir, environment: {} });
  const values = new Map<string, number>();
  const add = (s: string, inText: string) => values.set(s, (values.get(s) ?? 0) + occurrences(inText, s));
  for (const s of Object.values(project.services)) {
    for (const e of s.environment) {
      if (e.value === null || !e.value.every((p) => typeof p === 'string')) continue;
      const text = e.value.join('');
      if (isSecretName(e.name) && !isNonSecretValue(text)) add(text, text);
      else for (const m of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:([^/@\s]+)@/gi)) if (hasUrlCredentials(m[0])) add(m[1], m[1]);
    }
  }
  for (const name of project.secretVariables) {
    const v = project.variables.get(name);
    if (v !== undefined && !isNonSecretValue(v)) add(v, v);
  }
  return values;
}

const outputs = new Map<string, { dir: string; result: CompileResult }>();
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-corpus-'));
  for (const name of RENDERED) {
    const result = compileCorpus(name);
    const dir = path.join(work, 'out', name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of result.files) fs.writeFileSync(path.join(dir, file), text);
    outputs.set(name, { dir, result });
  }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the corpus table names every project folder, and at least 15 render', () => {
  expect(Object.keys(PROJECTS).sort()).toEqual(ALL);
  expect(RENDERED.length).toBeGreaterThanOrEqual(15);
});

describe.each(REFUSED)('%s is refused as published, in every mode', (name) => {
  test('with the error that says how to fix it, and no other error', () => {
    try {
      compileCorpus(name);
      throw new Error(`${name} rendered: its expectation in PROJECTS should now be codes, not refused`);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      expect(e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([PROJECTS[name].refused]);
    }
  });
});

describe.each(RENDERED)('%s', (name) => {
  test('renders with the attention codes expected of it', () => {
    const { result } = outputs.get(name)!;
    const codes = [...new Set(result.warnings.flatMap((w) => (w.code !== undefined && ASSERTED.includes(w.code) ? [w.code] : [])))].sort();
    expect(codes).toEqual(PROJECTS[name].codes);
  });

  test('no secret value is written: not as an env, ConfigMap or Secret value, and one of 8+ characters nowhere', () => {
    const { dir, result } = outputs.get(name)!;
    const secrets = secretValues(path.join(CORPUS, name));
    const input = projectTexts(path.join(CORPUS, name)).join('\n');
    // A value the input also writes where it is not a secret (a user name equal to the password,
    // an image named like it) is public: only its secret positions are checked.
    const isPublic = (s: string) => occurrences(input, s) > (secrets.get(s) ?? 0);
    const { project } = loadProject({ files: [], cwd: path.join(CORPUS, name), environment: {} });
    const problems: string[] = [];
    for (const o of result.objects as Any[]) {
      if (o.kind === 'Secret' && (o.data || o.stringData)) problems.push(`Secret ${o.metadata.name} holds values`);
      if (o.kind === 'ConfigMap') {
        for (const [k, v] of Object.entries(o.data ?? {})) for (const s of secrets.keys()) if ((v as string).includes(s) && !isPublic(s)) problems.push(`ConfigMap ${o.metadata.name} ${k}`);
      }
      const spec = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
      const service = o.metadata?.labels?.['app.kubernetes.io/name'];
      for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
        for (const e of c.env ?? []) {
          if (e.value === undefined) continue;
          const own = Object.values(project.services).find((s) => s.name.replace(/_/g, '-') === service)?.environment.find((x) => x.name === e.name);
          const ownText = own?.value?.every((p) => typeof p === 'string') ? own.value.join('') : '';
          for (const s of secrets.keys()) if (e.value.includes(s) && !ownText.includes(s) && !isPublic(s)) problems.push(`${o.kind}/${o.metadata.name} env ${e.name}`);
          // A URL's password is always a $(KEY) reference, even when the password is also a public word.
          for (const m of (e.value as string).matchAll(/[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:([^/@\s]+)@/gi)) {
            if (!/^\$\([A-Za-z_][-._A-Za-z0-9]*\)$/.test(m[1])) problems.push(`${o.kind}/${o.metadata.name} env ${e.name}: a URL with a literal password`);
          }
          // A URL keeps its text with $(KEY) for the password (checked above); a whole secret value is never a value.
          if (own && isSecretName(own.name) && !isNonSecretValue(ownText)) problems.push(`${o.kind}/${o.metadata.name} env ${e.name} is a literal secret written as a value`);
        }
      }
    }
    const text = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n') + JSON.stringify(result.report);
    for (const s of secrets.keys()) if (s.length >= 8 && !isPublic(s) && text.includes(s)) problems.push(`a secret value of ${s.length} characters is in the output`);
    expect(problems).toEqual([]);
  });

  test('--strict refuses it exactly when it had warnings that need attention', () => {
    const { result } = outputs.get(name)!;
    const coded = result.warnings.filter((w) => w.code !== undefined);
    if (coded.length === 0) {
      expect(() => compileCorpus(name, true)).not.toThrow();
      return;
    }
    try {
      compileCorpus(name, true);
      throw new Error('expected --strict to refuse it');
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      const errors = e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
      expect(errors).toEqual(coded.map((w) => `error: ${formatDiagnostic(w).slice('warning: '.length)} [${w.code}: an error with --strict]`));
    }
  });
});

testWithChecker('every output passes the independent checker: no hard finding but IMAGE-TAG on images the input left untagged or at latest', () => {
  const checkerSrc = CHECKER_SOURCE;
  expect(fs.existsSync(path.join(checkerSrc, 'check-manifests.mjs'))).toBe(true);
  const checker = path.join(work, 'checker');
  fs.cpSync(checkerSrc, checker, { recursive: true, filter: (p) => !p.split(path.sep).includes('node_modules') });
  // The checker's dependencies are ours, at the same exact versions (js-yaml, kubernetes-models, @kubernetes/client-node).
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(checker, 'node_modules'), 'dir');
  const args = RENDERED.map((n) => {
    const { dir, result } = outputs.get(n)!;
    return `${dir}=${result.model.secrets.map((s) => s.name).join(',')}`;
  });
  const r = spawnSync(process.execPath, [path.join(CORPUS, 'check-outputs.mjs'), checker, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.stderr).toBe('');
  const hard = JSON.parse(r.stdout) as Record<string, { rule: string; object: string; message: string }[]>;
  const unexpected: string[] = [];
  for (const n of RENDERED) {
    const { dir, result } = outputs.get(n)!;
    // Images the input left mutable: untagged or latest, or a build: without image: (compose's own name).
    const mutable = new Set(
      Object.values(result.project.services)
        .filter((s) => s.image === undefined || (parseImage(s.image).digest === undefined && [undefined, 'latest'].includes(parseImage(s.image).tag)))
        .map((s) => s.name.replace(/_/g, '-')),
    );
    // The object's service, by its label (a Job's name is hashed from its pod template).
    const serviceOf = new Map((result.objects as Any[]).map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.labels?.['app.kubernetes.io/name']]));
    for (const f of hard[dir]) if (!(f.rule === 'IMAGE-TAG' && mutable.has(serviceOf.get(f.object) ?? ''))) unexpected.push(`${n}: ${f.rule} ${f.object}: ${f.message}`);
  }
  expect(unexpected).toEqual([]);
  // The README's figures are these.
  const imageTags = RENDERED.reduce((n, name) => n + hard[outputs.get(name)!.dir].filter((f) => f.rule === 'IMAGE-TAG').length, 0);
  const refused = RENDERED.filter((n) => outputs.get(n)!.result.warnings.some((w) => w.code !== undefined)).length;
  expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(
    `**The corpus: ${ALL.length} projects; ${RENDERED.length} render, ${REFUSED.length} ${REFUSED.length === 1 ? 'is' : 'are'} refused as published, in every mode, because what ${REFUSED.length === 1 ? 'it asks' : 'they ask'} cannot run. The checker finds no hard failure in the ${RENDERED.length} outputs but ${imageTags} IMAGE-TAG findings,`,
  );
  expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`\`--strict\` refuses ${refused} of the ${RENDERED.length}.**`);
});
