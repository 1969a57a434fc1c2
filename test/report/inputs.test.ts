/**
 * The report starts with what was read: compose files (the override file marked), env files,
 * profiles, and the services left out by profiles; nothing warns about what is not written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/run';
import { compile } from '../../src/compile';
import { formatDiagnostic } from '../../src/diagnostics';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-inputs-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(root, 'p-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const FILES = {
  'compose.yaml': `name: shop
services:
  web:
    image: ghcr.io/acme/web:1.0
    user: "1000:1000"
    env_file: config/web.env
    deploy: {resources: {limits: {cpus: "0.5", memory: 256m}}}
  debug:
    image: ghcr.io/acme/debug:1.0
    profiles: [debug, tools]
    volumes: [scratch:/scratch]
volumes:
  scratch: {}
`,
  'compose.override.yaml': 'services:\n  web:\n    ports: ["8080:8080"]\n',
  '.env': 'WEB_TAG=1.0\n',
  'config/web.env': 'LOG_LEVEL=info\n',
};

const READ = [
  'compose files: compose.yaml, compose.override.yaml (override file, read automatically; -f compose.yaml leaves it out)',
  'env files: .env (variables), config/web.env (env_file of web)',
  'profiles: none enabled',
  'left out by profiles (enable one with --profile): debug (profiles: debug, tools)',
];

test('stderr: the report starts with the files read, the override file marked, and the service left out', () => {
  const dir = project(FILES);
  let stderr = '';
  const code = run(['synth', '-o', 'out'], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: dir, env: {} });
  expect(code).toBe(0);
  const lines = stderr.trimEnd().split('\n').filter((l) => !l.startsWith('warning: '));
  expect(lines.slice(0, 5)).toEqual([...READ, 'service  objects']);
});

test('README.md: the same lines first, as a list', () => {
  const r = compile({ files: [], cwd: project(FILES), environment: {} });
  const readme = r.files.get('README.md')!;
  expect(readme.split('\n').slice(4, 12)).toEqual([
    '',
    '## What was read',
    '',
    '- compose files: `compose.yaml`, `compose.override.yaml` (override file, read automatically; -f compose.yaml leaves it out)',
    '- env files: `.env` (variables), `config/web.env` (env_file of web)',
    '- profiles: none enabled',
    '- left out by profiles (enable one with --profile): `debug` (profiles: debug, tools)',
    '',
  ]);
  // The volume only the left-out service mounts is not written, and nothing warns about it.
  expect(r.objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
  expect(r.warnings.map(formatDiagnostic).filter((w) => w.includes('scratch'))).toEqual([]);
});

test('-f files: merged and extends files marked; an enabled profile is listed and its service kept', () => {
  const dir = project({
    ...FILES,
    'prod.yaml': 'services:\n  web:\n    extends: {file: common.yaml, service: base}\n',
    'common.yaml': 'services:\n  base:\n    environment: {MODE: prod}\n',
  });
  const r = compile({ files: ['compose.yaml', 'prod.yaml'], profiles: ['debug'], cwd: dir, environment: {} });
  expect(r.report.inputs).toEqual({
    composeFiles: [
      { file: 'compose.yaml', role: 'main' },
      { file: 'prod.yaml', role: 'merged' },
      { file: 'common.yaml', role: 'extends' },
    ],
    envFiles: [
      { file: '.env', usedBy: [] },
      { file: 'config/web.env', usedBy: ['web'] },
    ],
    profiles: ['debug'],
    leftOut: [],
  });
  expect(r.files.get('README.md')).toContain('- compose files: `compose.yaml`, `prod.yaml` (merged over the files before it), `common.yaml` (extends)');
  // The scratch claim is written now that its service is in, and its size warning is back.
  expect(r.warnings.map(formatDiagnostic)).toContain('warning: compose.yaml: volumes.scratch: no size given; the claim requests 1Gi; set x-k8s: {size: 10Gi} on the volume');
});

describe('the project name', () => {
  const warning = (name: string) =>
    `warning: compose.yaml: the project name "${name}" comes from the folder's name; it is the app.kubernetes.io/instance label of every selector, so renaming or moving the checkout changes selectors, which Kubernetes cannot update; set name: ${name} at the top of the compose file (or pass -p)`;
  const COMPOSE = 'services:\n  web:\n    image: ghcr.io/acme/web:1.0\n    user: "1000:1000"\n';

  test('from the folder: a warning with the project-name code that suggests name:', () => {
    const dir = path.join(root, 'My_Shop');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
    const r = compile({ files: [], cwd: dir, environment: {} });
    const w = r.warnings.filter((d) => d.code === 'project-name');
    expect(w.map(formatDiagnostic)).toEqual([warning('my_shop')]);
    expect(r.files.get('README.md')).toContain(warning('my_shop').replace(/^warning: /, '- '));
  });

  test('name:, -p or COMPOSE_PROJECT_NAME: no warning', () => {
    const dir = project({ 'compose.yaml': COMPOSE });
    const codes = (o: object) => compile({ files: [], cwd: dir, environment: {}, ...o }).warnings.filter((d) => d.code === 'project-name');
    expect(codes({ projectName: 'shop' })).toEqual([]);
    expect(codes({ environment: { COMPOSE_PROJECT_NAME: 'shop' } })).toEqual([]);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), `name: shop\n${COMPOSE}`);
    expect(codes({})).toEqual([]);
  });
});
