/**
 * Secrets by value (DESIGN "Compose semantics on Kubernetes" → "Values"): one key per secret value,
 * every occurrence reads it; different values never share a key; plain values stay plain; defined
 * variables are required.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { Any, writeFiles } from '../helpers';

function compileFiles(files: Record<string, string>, environment: Record<string, string> = {}): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-values-'));
  try {
    writeFiles(dir, files);
    return compile({ files: [], cwd: dir, environment });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const container = (r: CompileResult, name: string): Any =>
  (r.objects.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name) as Any).spec.template.spec.containers[0];
const envEntry = (r: CompileResult, service: string, name: string): Any => container(r, service).env.find((e: Any) => e.name === name);
const allText = (r: CompileResult) => [...r.files.values()].join('\n');

describe('secrets by value', () => {
  test('two env files give CACHE_PASSWORD two values: two keys named after the services, never one', () => {
    const r = compileFiles({
      'compose.yaml': `name: inv
services:
  web:
    image: nginx:1.27.3
    env_file: web.env
  worker:
    image: nginx:1.27.3
    env_file: worker.env
`,
      'web.env': 'CACHE_PASSWORD=first-cache-value-1\n',
      'worker.env': 'CACHE_PASSWORD=second-cache-value-2\n',
    });
    const a = envEntry(r, 'web', 'CACHE_PASSWORD').valueFrom.secretKeyRef;
    const b = envEntry(r, 'worker', 'CACHE_PASSWORD').valueFrom.secretKeyRef;
    expect(a.key).not.toEqual(b.key);
    expect([a.key, b.key].sort()).toEqual(['WEB_CACHE_PASSWORD', 'WORKER_CACHE_PASSWORD']);
    expect(a.optional).toBe(false);
    const text = allText(r);
    expect(text).not.toContain('first-cache-value-1');
    expect(text).not.toContain('second-cache-value-2');
    expect(r.files.get('SECRETS.md')).toContain('WEB_CACHE_PASSWORD');
  });

  test('one env file read by two services keeps one key', () => {
    const r = compileFiles({
      'compose.yaml': `name: inv
services:
  web: {image: "nginx:1.27.3", env_file: app.env}
  worker: {image: "nginx:1.27.3", env_file: app.env}
`,
      'app.env': 'CACHE_PASSWORD=shared-cache-value\n',
    });
    expect(envEntry(r, 'web', 'CACHE_PASSWORD').valueFrom.secretKeyRef.key).toBe('CACHE_PASSWORD');
    expect(envEntry(r, 'worker', 'CACHE_PASSWORD').valueFrom.secretKeyRef.key).toBe('CACHE_PASSWORD');
  });

  test('a value given as --requirepass and as *_AUTH reads one key, in args as $(KEY)', () => {
    const r = compileFiles(
      {
        'compose.yaml': `name: llm
services:
  cache:
    image: redis:7.4.1
    command: redis-server --requirepass \${CACHE_AUTH}
  app:
    image: nginx:1.27.3
    environment:
      QUEUE_AUTH: \${CACHE_AUTH}
      REDIS_URL: redis://default:\${CACHE_AUTH}@cache:6379
`,
        '.env': 'CACHE_AUTH=redis-pass-7781x\n',
      },
    );
    const args = container(r, 'cache').args;
    expect(args).toEqual(['redis-server', '--requirepass', '$(CACHE_AUTH)']);
    expect(envEntry(r, 'cache', 'CACHE_AUTH').valueFrom.secretKeyRef).toMatchObject({ key: 'CACHE_AUTH', optional: false });
    expect(envEntry(r, 'app', 'QUEUE_AUTH').valueFrom.secretKeyRef.key).toBe('CACHE_AUTH');
    expect(envEntry(r, 'app', 'REDIS_URL').value).toBe('redis://default:$(CACHE_AUTH)@cache:6379');
    expect(allText(r)).not.toContain('redis-pass-7781x');
  });

  test('password flags in hook commands are found in each hook, named by its place', () => {
    const r = compileFiles({
      'compose.yaml': `name: hooks
services:
  cache:
    image: redis:7.4.1
    post_start:
      - command: ["redis-cli", "-a", "hook-pass-123456", "ping"]
    pre_stop:
      - command: ["true"]
      - command: ["redis-cli", "--password=stop-pass-7777777", "shutdown"]
`,
    });
    const flagged = r.warnings.filter((w) => w.code === 'literal-secret' && w.message.includes('password is written in the command'));
    expect(flagged.map((w) => w.path)).toEqual(['services.cache.post_start[0].command', 'services.cache.pre_stop[1].command']);
    expect(allText(r)).not.toContain('hook-pass-123456');
    expect(allText(r)).not.toContain('stop-pass-7777777');
  });

  test('a password flag written literally in a command becomes a key, and the same value elsewhere reads it', () => {
    const r = compileFiles({
      'compose.yaml': `name: docs
services:
  cache:
    image: redis:7.4.1
    command: ["redis-server", "--requirepass", "literal-pass-9911"]
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "literal-pass-9911", "ping"]
  app:
    image: nginx:1.27.3
    environment:
      APP_REDIS: redis://:literal-pass-9911@cache:6379/0
      PLAIN_COPY: literal-pass-9911
`,
    });
    // The URL's literal password names the key (literal-secrets.ts); the flag and the copy read the same key.
    const key = 'APP_REDIS_PASSWORD';
    expect(container(r, 'cache').args).toEqual(['redis-server', '--requirepass', `$(${key})`]);
    const c = container(r, 'cache');
    const probe = [c.livenessProbe, c.readinessProbe, c.startupProbe].find((p: Any) => p?.exec !== undefined);
    expect(probe.exec.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(probe.exec.command[2]).toContain(`"\${${key}}"`);
    expect(envEntry(r, 'app', 'PLAIN_COPY').valueFrom.secretKeyRef.key).toBe(key);
    expect(envEntry(r, 'app', 'APP_REDIS').value).toBe(`redis://:$(${key})@cache:6379/0`);
    expect(allText(r)).not.toContain('literal-pass-9911');
    expect(r.warnings.some((w) => w.code === 'literal-secret' && w.path === 'services.cache.command')).toBe(true);
  });

  test('equal values under different names share one key, and SECRETS.md names both', () => {
    const r = compileFiles(
      {
        'compose.yaml': `name: chat
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
  app:
    image: nginx:1.27.3
    environment:
      APP_DBPASS: \${APP_DBPASS}
`,
        '.env': 'POSTGRES_PASSWORD=same-db-pass-1\nAPP_DBPASS=same-db-pass-1\n',
      },
    );
    expect(envEntry(r, 'app', 'APP_DBPASS').valueFrom.secretKeyRef.key).toBe('APP_DBPASS');
    expect(envEntry(r, 'db', 'POSTGRES_PASSWORD').valueFrom.secretKeyRef.key).toBe('APP_DBPASS');
    expect(r.files.get('SECRETS.md')).toMatch(/APP_DBPASS[^\n]*POSTGRES_PASSWORD/);
  });

  test('short values match only where they are secret', () => {
    const r = compileFiles({
      'compose.yaml': `name: s
services:
  app:
    image: nginx:1.27.3
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      DB_USER: short1
`,
      '.env': 'DB_PASSWORD=short1\n',
    });
    expect(envEntry(r, 'app', 'DB_USER').value).toBe('short1');
    expect(envEntry(r, 'app', 'DB_PASSWORD').valueFrom.secretKeyRef.key).toBe('DB_PASSWORD');
  });

  test('a password that is also a service or image name (postgres) keeps that word elsewhere: host, user, command', () => {
    const r = compileFiles({
      'compose.yaml': `name: s
services:
  postgres:
    image: postgres:16.4
    command: ["postgres", "-c", "max_connections=200"]
    environment:
      POSTGRES_USER: postgres
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
  app:
    image: nginx:1.27.3
    environment:
      DATABASE_URL: postgres://postgres:\${POSTGRES_PASSWORD}@postgres:5432/postgres
`,
      '.env': 'POSTGRES_PASSWORD=postgres\n',
    });
    expect(container(r, 'postgres').args).toEqual(['postgres', '-c', 'max_connections=200']);
    expect(envEntry(r, 'postgres', 'POSTGRES_USER')).toEqual({ name: 'POSTGRES_USER', value: 'postgres' });
    expect(envEntry(r, 'app', 'DATABASE_URL').value).toBe('postgres://postgres:$(POSTGRES_PASSWORD)@postgres:5432/postgres');
  });

  test('without values identity is by variable name, and an unset ${V:-} stays optional', () => {
    const r = compileFiles({
      'compose.yaml': `name: s
services:
  app:
    image: nginx:1.27.3
    environment:
      A_PASSWORD: \${A_PASSWORD:-}
      B_PASSWORD: \${B_PASSWORD}
`,
    });
    expect(envEntry(r, 'app', 'A_PASSWORD').valueFrom.secretKeyRef).toMatchObject({ key: 'A_PASSWORD', optional: true });
    expect(envEntry(r, 'app', 'B_PASSWORD').valueFrom.secretKeyRef).toMatchObject({ key: 'B_PASSWORD', optional: false });
  });

  test('a variable compose defines is required even with ${V:-}', () => {
    const r = compileFiles({ 'compose.yaml': `name: s\nservices:\n  app:\n    image: nginx:1.27.3\n    environment:\n      A_PASSWORD: \${A_PASSWORD:-}\n`, '.env': 'A_PASSWORD=defined-value-1\n' });
    expect(envEntry(r, 'app', 'A_PASSWORD').valueFrom.secretKeyRef).toMatchObject({ key: 'A_PASSWORD', optional: false });
  });
});

describe('values that are not secrets stay plain under any name', () => {
  test.each([
    ['an absolute path', '/certs/tls.key'],
    ['a number', '0'],
    ['a boolean', 'false'],
    ['a duration', '30s'],
  ])('%s', (_what, value) => {
    const r = compileFiles({
      'compose.yaml': `name: s\nservices:\n  app:\n    image: nginx:1.27.3\n    environment:\n      TLS_KEY: \${TLS_KEY}\n      LITERAL_KEY: "${value}"\n`,
      '.env': `TLS_KEY=${value}\n`,
    });
    expect(envEntry(r, 'app', 'TLS_KEY')).toEqual({ name: 'TLS_KEY', value });
    expect(envEntry(r, 'app', 'LITERAL_KEY')).toEqual({ name: 'LITERAL_KEY', value });
  });
});

describe('a healthcheck that reads a secret', () => {
  const compose = (image: string) => `name: s
services:
  app:
    image: ${image}
    ports: ["8080:8080"]
    healthcheck:
      test: ["CMD", "/app/check", "--token", "\${API_TOKEN}"]
`;
  test('reads "$KEY" under sh -c', () => {
    const r = compileFiles({ 'compose.yaml': compose('acme/app:1.0') });
    const c = container(r, 'app');
    expect(c.readinessProbe.exec.command).toEqual(['sh', '-c', `'/app/check' '--token' "\${API_TOKEN}"`]);
    expect(r.warnings.some((w) => w.code === 'probe-shell')).toBe(false);
  });
  test('on an image without a shell it is a probe-shell attention item', () => {
    const r = compileFiles({ 'compose.yaml': compose('gcr.io/distroless/static-debian12:nonroot') });
    expect(r.warnings.filter((w) => w.code === 'probe-shell').map((w) => w.path)).toEqual(['services.app.healthcheck.test']);
  });
});
