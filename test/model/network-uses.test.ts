/** Issue 22: Services for every name used, ports with their sources, aliases, host_ip, renamed hosts. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { Any, compileText, writeFiles } from '../helpers';
import { ingressAllowed, OUTSIDE, podIn } from '../network-policy';

const get = (r: CompileResult, kind: string, name: string) => r.objects.find((o: Any) => o.kind === kind && o.metadata.name === name) as Any;
const workload = (r: CompileResult, name: string) => r.objects.find((o: Any) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name) as Any;
const servicePorts = (r: CompileResult, name: string) => (get(r, 'Service', name).spec.ports ?? []).map((p: Any) => p.port);
const containerPorts = (r: CompileResult, name: string) => workload(r, name).spec.template.spec.containers[0].ports?.map((p: Any) => p.containerPort) ?? [];
const coded = (r: CompileResult, code: string) => r.warnings.filter((w) => w.code === code);

function compileFiles(files: Record<string, string>): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-uses-'));
  try {
    writeFiles(dir, files);
    return compile({ files: [], cwd: dir, environment: {} });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const img = (n: string) => `ghcr.io/acme/${n}:1.0.0`;

describe('names', () => {
  test('a service used only by depends_on with no known port: a headless Service without ports and an attention item; a worker nobody uses: no Service', () => {
    const r = compileText(`name: t
services:
  engine: {image: ${img('engine')}, user: "1000:1000"}
  worker: {image: ${img('worker')}, user: "1000:1000", depends_on: [engine]}
`);
    expect(get(r, 'Service', 'engine').spec).toMatchObject({ clusterIP: 'None' });
    expect(get(r, 'Service', 'engine').spec.ports).toBeUndefined();
    expect(get(r, 'Service', 'worker')).toBeUndefined();
    const [w] = coded(r, 'undeclared-port');
    expect(w.service).toBe('engine');
    expect(w.message).toContain('depends_on of worker');
    expect(w.message).toContain('expose:');
    expect(w.message).toContain('kubectl delete service engine');
  });

  test('uses in command, entrypoint, a host variable and links make Services; their ports are Service and container ports', () => {
    const r = compileText(`name: t
services:
  broker: {image: ${img('broker')}, user: "1000:1000"}
  cache: {image: ${img('cache')}, user: "1000:1000"}
  engine: {image: ${img('engine')}, user: "1000:1000", command: ["serve", "--broker=broker:6650"], environment: {CACHE_HOST: cache}}
  worker: {image: ${img('worker')}, user: "1000:1000", entrypoint: ["run", "http://engine:7001"], links: ["engine:api"]}
`);
    expect(servicePorts(r, 'broker')).toEqual([6650]);
    expect(containerPorts(r, 'broker')).toEqual([6650]);
    expect(servicePorts(r, 'engine')).toEqual([7001]);
    expect(get(r, 'Service', 'cache').spec.clusterIP).toBe('None');
    expect(servicePorts(r, 'api')).toEqual([7001]);
    expect(get(r, 'Service', 'api').spec.selector).toEqual(get(r, 'Service', 'engine').spec.selector);
    expect(get(r, 'Service', 'worker')).toBeUndefined();
    expect(r.warnings.some((w) => w.message.includes('links') && w.message.includes('not translated'))).toBe(false);
  });
});

describe('ports and their sources', () => {
  test('compose, healthcheck, Dockerfile EXPOSE, profile, used: in that order, each once, each named in the report', () => {
    const r = compileFiles({
      'compose.yaml': `name: t
services:
  app:
    image: ${img('app')}
    build: .
    user: "1000:1000"
    expose: ["8080"]
    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:9000/health"]}
  cache: {image: "redis:7.4.1", expose: ["7000"]}
  web:
    image: ${img('web')}
    user: "1000:1000"
    environment: {APP_URL: "http://app:8443/", APP_ADMIN: "app:8080", REDIS_URL: "redis://cache"}
`,
      Dockerfile: 'FROM alpine:3.20\nEXPOSE 5000 8080\n',
    });
    expect(servicePorts(r, 'app')).toEqual([8080, 9000, 5000, 8443]);
    expect(containerPorts(r, 'app')).toEqual([8080, 9000, 5000, 8443]);
    expect(servicePorts(r, 'cache')).toEqual([7000, 6379]);
    const notes = r.report.services.find((s) => s.service === 'app')!.notes.join('\n');
    expect(notes).toContain('8080 (expose), 9000 (healthcheck), 5000 (Dockerfile EXPOSE (Dockerfile)), 8443 (environment APP_URL of web)');
    for (const port of [8080, 9000, 5000, 8443]) expect(ingressAllowed(r, workload(r, 'web').spec.template.metadata.labels, workload(r, 'app'), port)).toBe(true);
  });

  test('a Dockerfile EXPOSE of an image a worker shares gives the worker no port, no Service and no probe', () => {
    const r = compileFiles({
      'compose.yaml': `name: t
services:
  worker: {image: ${img('app')}, build: ., user: "1000:1000", command: ["work"]}
`,
      Dockerfile: 'FROM alpine:3.20\nEXPOSE 8000\n',
    });
    expect(get(r, 'Service', 'worker')).toBeUndefined();
    expect(containerPorts(r, 'worker')).toEqual([]);
    expect(workload(r, 'worker').spec.template.spec.containers[0].readinessProbe).toBeUndefined();
  });
});

describe('aliases', () => {
  const r = compileText(`name: t
services:
  queue:
    image: ${img('queue')}
    user: "1000:1000"
    expose: ["5672"]
    networks: {back: {aliases: [queue-primary, broker.internal.example, Queue_Main, shared]}}
  other:
    image: ${img('other')}
    user: "1000:1000"
    expose: ["80"]
    networks: {back: {aliases: [shared, web]}, front: {}}
  web:
    image: ${img('web')}
    user: "1000:1000"
    networks: [back, front]
    environment: {Q: "amqp://broker.internal.example", SHARED_HOST: shared}
networks: {back: {}, front: {}}
`);

  test('a valid alias gets a Service with the same selector and ports', () => {
    expect(get(r, 'Service', 'queue-primary').spec.selector).toEqual(get(r, 'Service', 'queue').spec.selector);
    expect(servicePorts(r, 'queue-primary')).toEqual([5672]);
  });

  test('an alias with dots or uppercase, one two services claim, one that is a service name: attention items naming alias, users and what to set', () => {
    const msgs = coded(r, 'network-alias').map((w) => w.message);
    expect(msgs.find((m) => m.includes('"broker.internal.example"'))).toMatch(/used by web.*"broker-internal-example"/);
    expect(msgs.find((m) => m.includes('"Queue_Main"'))).toContain('"queue-main"');
    expect(msgs.find((m) => m.includes('"shared"'))).toMatch(/claimed by services other, queue.*used by web/);
    expect(msgs.find((m) => m.includes('"web"'))).toContain('is the name of service "web"');
    expect(get(r, 'Service', 'shared')).toBeUndefined();
  });

  test('--strict refuses them', () => {
    expect(() => compileText('name: t\nservices:\n  a: {image: "ghcr.io/acme/a:1.0.0", user: "1000:1000", networks: {default: {aliases: [a.b]}}}\n', { strict: true })).toThrow(/alias "a\.b"/);
  });
});

describe('host_ip', () => {
  test('a loopback published port stays inside the project; another host IP is a warning and published', () => {
    const r = compileText(`name: t
services:
  admin: {image: ${img('admin')}, user: "1000:1000", ports: ["127.0.0.1:9090:9090", "[::1]:9091:9091"]}
  ui: {image: ${img('ui')}, user: "1000:1000", ports: ["192.0.2.10:8080:80"]}
`);
    for (const port of [9090, 9091]) {
      expect(ingressAllowed(r, podIn('other'), workload(r, 'admin'), port)).toBe(false);
      expect(ingressAllowed(r, OUTSIDE, workload(r, 'admin'), port)).toBe(false);
    }
    expect(r.report.reach.find((l) => l.service === 'admin')!.how).toContain('kubectl port-forward service/admin 9090:9090');
    expect(ingressAllowed(r, OUTSIDE, workload(r, 'ui'), 80)).toBe(true);
    expect(r.warnings.find((w) => w.message.includes('"192.0.2.10"'))!.message).toContain('Kubernetes does not bind node addresses');
  });
});

describe('renamed services', () => {
  const files = {
    'compose.yaml': `name: t
services:
  app_db: {image: "postgres:16.6", environment: {POSTGRES_DB: app_db, POSTGRES_PASSWORD: "\${DB_PASSWORD}"}}
  web:
    image: ${img('web')}
    user: "1000:1000"
    command: ["wait-for", "app_db:5432", "--", "serve"]
    environment:
      DATABASE_URL: "postgres://app:\${DB_PASSWORD}@app_db:5432/app_db"
      DB_HOST: app_db
      DB_NAME: app_db
      SENTRY_DSN: "\${SENTRY_DSN}"
    volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
`,
    'nginx.conf': 'upstream db { server app_db:5432; }\nserver { location / { proxy_pass http://app_db:8080; } }\n# app_db is our database\n',
  };
  const r = compileFiles(files);
  const env = (name: string) => workload(r, 'web').spec.template.spec.containers[0].env.find((e: Any) => e.name === name);

  test('host uses are rewritten (also around a secret reference), other occurrences kept, each rewrite reported', () => {
    expect(env('DATABASE_URL').value).toBe('postgres://app:$(DB_PASSWORD)@app-db:5432/app_db');
    expect(env('DB_HOST').value).toBe('app-db');
    expect(env('DB_NAME').value).toBe('app_db');
    expect(workload(r, 'web').spec.template.spec.containers[0].args).toEqual(['wait-for', 'app-db:5432', '--', 'serve']);
    expect(workload(r, 'app-db').spec.template.spec.containers[0].env.find((e: Any) => e.name === 'POSTGRES_DB').value).toBe('app_db');
    const rewrites = r.warnings.filter((w) => w.message.includes('rewritten to the Kubernetes Service name'));
    expect(rewrites.map((w) => w.path).sort()).toEqual(['services.web.command[1]', 'services.web.environment.DATABASE_URL', 'services.web.environment.DB_HOST', 'services.web.volumes']);
  });

  test('the mounted file\'s ConfigMap content is rewritten where the name is a host', () => {
    const cm = r.objects.find((o: Any) => o.kind === 'ConfigMap' && Object.values(o.data ?? {}).some((v) => String(v).includes('upstream db'))) as Any;
    expect(Object.values(cm.data)[0]).toBe('upstream db { server app-db:5432; }\nserver { location / { proxy_pass http://app-db:8080; } }\n# app_db is our database\n');
  });

  test('attention: images may keep the old name; a secret value that may hold it cannot be read', () => {
    const items = coded(r, 'renamed-host');
    expect(items.find((w) => w.path === 'services.app_db')!.message).toContain('built-in default');
    expect(items.find((w) => w.message.startsWith('SENTRY_DSN'))).toBeDefined();
    expect(JSON.stringify([...r.files.values()])).not.toContain('SENTRY_DSN_VALUE');
  });
});
