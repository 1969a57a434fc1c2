/** Counterexamples the property tests once found, kept as plain regression tests. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../src/compile';
import { UserError } from '../../src/diagnostics';
import { Any } from '../helpers';

function project(compose: string, environment: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-reg-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return () => compile({ files: [], cwd: dir, environment });
}
function errorsOf(f: () => unknown): string[] {
  try {
    f();
    return [];
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return e.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  }
}
/** Kubernetes' expansion of env values: `$$` → `$`, `$(NAME)` → value when NAME is defined. */
function expand(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : name !== undefined && name in vars ? vars[name] : m));
}

test('the output README does not depend on the order of services', () => {
  const a = 'services:\n  a:\n    image: ghcr.io/x/a:1.0.0\n    environment: {SMTP_PASS: "${SMTP_PASS:-insecure-default}"}\n';
  const b = '  a-0:\n    image: ghcr.io/x/a:1.0.0\n    environment: {GITHUB_TOKEN: "${GITHUB_TOKEN:-insecure-default}"}\n';
  const one = project(`name: p\n${a}${b}`)();
  const two = project(`name: p\nservices:\n${b}${a.replace('services:\n', '')}`)();
  expect(two.files.get('README.md')).toBe(one.files.get('README.md'));
});

test('dollar signs next to a secret reference reach the container as compose meant them', () => {
  const r = project('services:\n  a:\n    image: ghcr.io/x/a:1.0.0\n    environment:\n      U1: ${DB_PASSWORD}$$$$\n      U2: $$${DB_PASSWORD}\n      U3: x$$$$(A)\n')();
  const env = (r.objects.find((o) => o.kind === 'Deployment') as Any).spec.template.spec.containers[0].env as Any[];
  const value = (n: string) => env.find((e) => e.name === n).value as string;
  expect(expand(value('U1'), { DB_PASSWORD: 'pw' })).toBe('pw$$');
  expect(expand(value('U2'), { DB_PASSWORD: 'pw' })).toBe('$pw');
  expect(expand(value('U3'), { A: 'never' })).toBe('x$$(A)');
});

test('a variable value cannot forge a secret reference', () => {
  expect(errorsOf(project('services:\n  a:\n    image: ghcr.io/x/a:1.0.0\n    environment: {V: "${V}"}\n', { V: '\u0000S:API_TOKEN:1:0\u0000' }))).toEqual([
    'variable V contains the character U+0000; remove it from its value',
  ]);
});

test('two volumes that normalize to one claim name are an error', () => {
  expect(errorsOf(project('services:\n  a:\n    image: ghcr.io/x/a:1.0.0\n    volumes: ["pg_data:/mnt/1", "pg-data:/mnt/0"]\nvolumes: {pg_data: {}, pg-data: {}}\n'))).toEqual([
    'volumes "pg-data" and "pg_data" would both become the claim "pg-data" on Kubernetes; rename one of them',
  ]);
});

test('names that collide on Kubernetes are errors naming both sources, never an internal error', () => {
  expect(errorsOf(project('name: p\nservices:\n  a:\n    image: ghcr.io/x/a:1.0.0\n    expose: ["80"]\n    networks: [back_end, back-end]\nnetworks: {back_end: {}, back-end: {}}\n'))).toEqual([
    'compose network back-end and compose network back_end would both become NetworkPolicy "p-net-back-end" on Kubernetes (names are normalized to DNS labels of at most 63 characters); rename one of them',
  ]);
  expect(errorsOf(project('services:\n  db:\n    image: postgres:16.4\n    volumes: ["d:/var/lib/postgresql/data"]\n  db-headless:\n    image: ghcr.io/x/a:1.0.0\n    expose: ["80"]\nvolumes: {d: {}}\n'))).toEqual([
    'the headless Service of db and service db-headless would both become Service "db-headless" on Kubernetes (names are normalized to DNS labels of at most 63 characters); rename one of them',
  ]);
});

test('derived names of a 62-character service are valid DNS labels', () => {
  const long = 'b'.repeat(62);
  const r = project(`services:\n  ${long}:\n    image: ghcr.io/x/a:1.0.0\n    ports: ["8080:8080"]\n    depends_on: {m: {condition: service_completed_successfully}}\n  m:\n    image: ghcr.io/x/m:1.0.0\n    restart: "no"\n`)();
  for (const o of r.objects) expect([o.kind, o.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.metadata.name) && o.metadata.name.length <= 63]).toEqual([o.kind, o.metadata.name, true]);
});

test('a CMD healthcheck that uses a secret runs through sh -c so that the variable is expanded', () => {
  const r = project('services:\n  cache:\n    image: redis:7.4.1\n    healthcheck:\n      test: ["CMD", "redis-cli", "-a", "${REDIS_PASSWORD:?}", "ping"]\n')();
  const c = (r.objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as Any).spec.template.spec.containers[0];
  expect(c.readinessProbe.exec.command).toEqual(['sh', '-c', `'redis-cli' '-a' "\${REDIS_PASSWORD}" 'ping'`]);
  expect(c.env).toContainEqual({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { key: 'REDIS_PASSWORD', name: expect.any(String), optional: false } } });
});
