/** Test helpers: compile a compose project in memory and look objects up. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileOptions, CompileResult } from '../src/compile';
import { K8sObject } from '../src/output/render';

export const ROOT = path.resolve(__dirname, '..');

/** Every example folder (name) that has a compose.yaml. */
export const EXAMPLES: readonly string[] = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((n) => fs.existsSync(path.join(ROOT, 'examples', n, 'compose.yaml')))
  .sort();

/** Every example and valid fixture folder, relative to the repository root. */
export const PROJECTS: readonly string[] = [
  ...EXAMPLES.map((n) => `examples/${n}`),
  ...fs
    .readdirSync(path.join(ROOT, 'test/fixtures/valid'))
    .sort()
    .map((n) => `test/fixtures/valid/${n}`),
];

/** Compiles a project folder with its default file lookup and no environment. */
export function compileProject(project: string, options: Partial<CompileOptions> = {}): CompileResult {
  return compile({ files: [], cwd: path.join(ROOT, project), environment: {}, ...options });
}

/** Compiles a compose text written to a fresh temporary folder. */
export function compileText(compose: string, options: Partial<CompileOptions> = {}): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-text-'));
  try {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
    return compile({ files: [], cwd: dir, environment: {}, ...options });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A service with the objects the examples leave out: HPA, Ingress, PDB. */
export const AVAILABILITY_COMPOSE = `name: shop
services:
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    ports: ["8080:8080"]
    deploy:
      replicas: 2
      resources: {limits: {cpus: "0.5", memory: 128m}}
    x-k8s:
      autoscale: {min: 2, max: 6, cpu: 60}
      ingress: {host: shop.example.com, tls: true, className: nginx}
`;

export function compileExample(name: string, options: Partial<CompileOptions> = {}): CompileResult {
  const dir = path.join(ROOT, 'examples', name);
  return compile({ files: [path.join(dir, 'compose.yaml')], cwd: dir, environment: {}, ...options });
}

export function find(r: CompileResult, kind: string, name: string | RegExp): K8sObject {
  const o = r.objects.find((x) => x.kind === kind && (typeof name === 'string' ? x.metadata.name === name : name.test(x.metadata.name)));
  if (!o) throw new Error(`no ${kind} ${name}; have ${r.objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

export function podSpecOf(o: K8sObject): Any {
  return (o as Any).spec.template.spec;
}

export function mainContainer(o: K8sObject): Any {
  return podSpecOf(o).containers[0];
}

/** Every container (init containers included) of every pod template. */
export function allContainers(r: CompileResult): Any[] {
  return r.objects.flatMap((o) => {
    const spec = (o as Any).spec?.template?.spec;
    return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
  });
}

/** Writes files under `dir` (relative path → contents; a path ending in `/` makes an empty folder). */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [p, content] of Object.entries(files)) {
    const abs = path.join(dir, p);
    if (p.endsWith('/')) fs.mkdirSync(abs, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
  }
}

/** Project `shop` with one nginx service `web` (`8080:80` unless `ports` says otherwise), then `extra` lines under it; `top` goes before `services:`. */
export function nginxWeb(extra = '', options: { ports?: string; top?: string } = {}): string {
  return `name: shop
${options.top ?? ''}services:
  web:
    image: nginx:1.27.3
    ports: ${options.ports ?? '["8080:80"]'}
    deploy:
      resources: {limits: {cpus: "0.5", memory: 128m}}
${extra}`;
}

/**
 * The output files with what legitimately changes once every variable has a value taken out: a
 * defined variable is `optional: false` (DESIGN "Values"), and a Job's name hashes its pod template.
 */
export function withoutDefinedness(files: ReadonlyMap<string, string>): [string, string][] {
  const norm = (s: string) => s.replace(/optional: (true|false)/g, 'optional: _').replace(/[-_][0-9a-f]{8}(?=[.\s'"{`,]|$)/gm, '-HASH').replace(/ \((required|optional)[^)]*\)/g, '');
  return [...files.entries()].map(([k, v]) => [norm(k), norm(v)]);
}
