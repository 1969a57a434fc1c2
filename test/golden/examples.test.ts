/**
 * Semantic golden tests of the example stacks in examples/: what a platform engineer checks before
 * applying the manifests (not snapshots). Each test compiles in memory; the tests that edit a compose
 * file work on a copy of the whole example folder in a temporary directory, so relative paths
 * (./nginx/nginx.conf, ./migrations …) still resolve.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { parseQuantity } from '../../src/model/quantities';
import { Any, ROOT, compileExample, find, mainContainer, podSpecOf, withoutDefinedness } from '../helpers';
import { ingressAllowed, OUTSIDE, podLabels, selects } from '../network-policy';

const EXAMPLES = ['web-postgres', 'wordpress-mysql', 'nginx-api-worker-redis', 'jobs', 'hardened'] as const;
type Example = (typeof EXAMPLES)[number];

const compiled = new Map<Example, CompileResult>();
/** Each example compiled once (the default environment: no variables set). */
function ex(name: Example): CompileResult {
  if (!compiled.has(name)) compiled.set(name, compileExample(name));
  return compiled.get(name)!;
}

// ---------------------------------------------------------------------------------------------
// Helpers

let tmpRoot: string | undefined;
afterAll(() => {
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
});

/** A copy of the whole example folder (so relative paths resolve), with compose.yaml edited. */
function copyExample(name: Example, edit: (composeText: string) => string = (t) => t): string {
  tmpRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-examples-'));
  const dir = fs.mkdtempSync(path.join(tmpRoot, `${name}-`));
  fs.cpSync(path.join(ROOT, 'examples', name), dir, { recursive: true });
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  return dir;
}

function compileDir(dir: string, environment: Record<string, string> = {}): CompileResult {
  return compile({ files: [path.join(dir, 'compose.yaml')], cwd: dir, environment });
}

/** Replaces `from` (which must occur) by `to`. */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

const filesOf = (r: CompileResult) => [...r.files.entries()];

/**
 * Rewrites the top-level `services:` block with its service entries permuted. Works on the text so
 * that anchors, merge keys, `$$`, octal modes and comments stay exactly as written.
 */
function reorderServices(text: string, permute: <T>(xs: T[]) => T[]): { text: string; order: string[] } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^services:\s*$/.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  let end = lines.findIndex((l, i) => i > start && /^[^\s#]/.test(l));
  if (end < 0) end = lines.length;
  const preamble: string[] = [];
  const chunks: { name: string; lines: string[] }[] = [];
  for (const l of lines.slice(start + 1, end)) {
    const m = /^ {2}([A-Za-z0-9_.-]+):\s*$/.exec(l);
    if (m) chunks.push({ name: m[1], lines: [l] });
    else if (chunks.length > 0) chunks[chunks.length - 1].lines.push(l);
    else preamble.push(l);
  }
  const reordered = permute(chunks);
  return {
    text: [...lines.slice(0, start + 1), ...preamble, ...reordered.flatMap((c) => [...c.lines, '']), ...lines.slice(end)].join('\n'),
    order: reordered.map((c) => c.name),
  };
}

function serviceOrderOf(text: string): string[] {
  return reorderServices(text, (xs) => xs).order;
}

/** Objects that carry a pod template. */
function workloads(r: CompileResult): Any[] {
  return r.objects.filter((o) => (o as Any).spec?.template?.spec);
}

function byKind(r: CompileResult, kind: string): Any[] {
  return r.objects.filter((o) => o.kind === kind);
}

function envByName(c: Any): Record<string, Any> {
  return Object.fromEntries((c.env ?? []).map((e: Any) => [e.name, e]));
}

/** The volume behind the container's mount at `mountPath` (with the mount itself). */
function volumeAt(pod: Any, c: Any, mountPath: string): { mount: Any; volume: Any } {
  const mount = (c.volumeMounts ?? []).find((m: Any) => m.mountPath === mountPath);
  if (!mount) throw new Error(`no mount at ${mountPath}; have ${(c.volumeMounts ?? []).map((m: Any) => m.mountPath).join(', ')}`);
  const volume = (pod.volumes ?? []).find((v: Any) => v.name === mount.name);
  return { mount, volume };
}

function containerPortsOf(w: Any): Any[] {
  return w.spec.template.spec.containers.flatMap((c: Any) => c.ports ?? []);
}

/** The workload whose pods a Service routes to (exactly one expected). */
function backendsOf(r: CompileResult, svc: Any): Any[] {
  return workloads(r).filter((w) => Object.keys(svc.spec.selector ?? {}).length > 0 && selects({ matchLabels: svc.spec.selector }, podLabels(w)));
}

/** `nc -z … HOST PORT` gates in a pod's init containers. */
function serviceGates(pod: Any): { container: Any; host: string; port: number }[] {
  return (pod.initContainers ?? []).flatMap((c: Any) => {
    const m = /nc -z(?: -w \d+)? ([a-z0-9.-]+) (\d+)/.exec((c.command ?? []).concat(c.args ?? []).join(' '));
    return m ? [{ container: c, host: m[1], port: Number(m[2]) }] : [];
  });
}

/** Seconds a startupProbe gives the container before liveness takes over. */
function startupWindow(p: Any): number {
  return (p.initialDelaySeconds ?? 0) + p.periodSeconds * p.failureThreshold;
}

const warningsText = (r: CompileResult) => r.warnings.map((w) => `${w.path ?? ''}: ${w.message}`);

// ---------------------------------------------------------------------------------------------

describe('web-postgres (notes API + PostgreSQL)', () => {
  const r = () => ex('web-postgres');
  const api = () => find(r(), 'Deployment', 'api') as Any;
  const db = () => find(r(), 'StatefulSet', 'db') as Any;

  test('the API is a Deployment; postgres is a single-replica StatefulSet on a standalone claim (resizable), no volumeClaimTemplates', () => {
    expect(api().spec.replicas).toBe(1);
    const s = db();
    expect(s.spec.replicas).toBe(1);
    expect(s.spec.serviceName).toBe('db-headless');
    expect(s.spec.podManagementPolicy).toBe('OrderedReady');
    expect(s.spec.volumeClaimTemplates).toBeUndefined();
    const dc = mainContainer(s);
    expect(dc.volumeMounts).toContainEqual({ mountPath: '/var/lib/postgresql/data', name: 'db-data' });
    expect(s.spec.template.spec.volumes).toContainEqual({ name: 'db-data', persistentVolumeClaim: { claimName: 'db-data' } });
    const claim = find(r(), 'PersistentVolumeClaim', 'db-data') as Any;
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    expect(byKind(r(), 'Deployment').map((d) => d.metadata.name)).toEqual(['api']);
    expect(find(r(), 'Service', 'db-headless')).toMatchObject({ spec: { clusterIP: 'None' } });
  });

  test('wget of localhost became httpGet probes on /healthz via the named port of container port 3000 (no wget in the image needed)', () => {
    const c = mainContainer(api());
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:3000' }] }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 3 });
    expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:3000' }] });
    expect(startupWindow(c.startupProbe)).toBeGreaterThanOrEqual(3 * 10);
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(JSON.stringify(c)).not.toContain('wget');
  });

  test('pg_isready stays an exec probe run through sh -c (CMD-SHELL is kept faithful)', () => {
    const dc = mainContainer(db());
    expect(dc.readinessProbe.exec).toEqual({ command: ['sh', '-c', 'pg_isready -U notes -d notes'] });
    expect(dc.startupProbe.exec).toEqual({ command: ['sh', '-c', 'pg_isready -U notes -d notes'] });
    expect(startupWindow(dc.startupProbe)).toBeGreaterThanOrEqual(3 * 20);
    expect(dc.readinessProbe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
  });

  test('service_healthy: the API pod waits in an init container until the db Service port accepts connections', () => {
    const pod = podSpecOf(api());
    expect(pod.initContainers.map((c: Any) => c.name)).toEqual(['wait-for-db']);
    const gates = serviceGates(pod);
    expect(gates.map((g) => [g.host, g.port])).toEqual([['db', 5432]]);
    const svc = find(r(), 'Service', 'db') as Any;
    expect(svc.spec.ports.map((p: Any) => p.port)).toContain(5432);
    expect(backendsOf(r(), svc).map((w) => w.metadata.name)).toEqual(['db']);
  });

  test('DATABASE_URL embeds $(POSTGRES_PASSWORD), declared before it as a required secretKeyRef; no password literal', () => {
    const c = mainContainer(api());
    const env = c.env as Any[];
    expect(env.map((e) => e.name)).toEqual(['NODE_ENV', 'PORT', 'LOG_LEVEL', 'POSTGRES_PASSWORD', 'DATABASE_URL', 'DATABASE_POOL_MAX']);
    const byName = envByName(c);
    expect(byName.POSTGRES_PASSWORD).toEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'notes-secrets', key: 'POSTGRES_PASSWORD', optional: false } } });
    expect(byName.DATABASE_URL).toEqual({ name: 'DATABASE_URL', value: 'postgres://notes:$(POSTGRES_PASSWORD)@db:5432/notes' });
    expect(byName.LOG_LEVEL.value).toBe('info');
    // The database reads the same key of the same Secret.
    expect(envByName(mainContainer(db())).POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'notes-secrets', key: 'POSTGRES_PASSWORD', optional: false });
  });

  test('db has no resources in compose: the database defaults are applied and a warning names them; the API keeps its own', () => {
    const dc = mainContainer(db());
    expect(dc.resources.requests).toMatchObject({ cpu: '250m', memory: '512Mi' });
    expect(dc.resources.limits).toMatchObject({ cpu: '1', memory: '1Gi' });
    const w = r().warnings.filter((x) => x.path === 'services.db' && /no resources/.test(x.message));
    expect(w).toHaveLength(1);
    for (const v of ['250m', '512Mi', '1Gi']) expect(w[0].message).toContain(v);
    expect(r().warnings.some((x) => x.path === 'services.api' && /no resources/.test(x.message))).toBe(false);
    const c = mainContainer(api());
    expect(c.resources.limits).toMatchObject({ cpu: '500m', memory: '256Mi' });
    expect(c.resources.requests).toMatchObject({ cpu: '100m', memory: '128Mi' });
  });

  test('postgres runs non-root on a read-only root: writable /var/run/postgresql and /tmp, PGDATA in a subdirectory of the volume', () => {
    const s = db();
    const pod = s.spec.template.spec;
    const dc = mainContainer(s);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext.fsGroup).toBe(pod.securityContext.runAsGroup);
    for (const p of ['/var/run/postgresql', '/tmp']) expect(volumeAt(pod, dc, p).volume.emptyDir).toBeDefined();
    expect(envByName(dc).PGDATA.value).toBe('/var/lib/postgresql/data/pgdata');
  });
});

// ---------------------------------------------------------------------------------------------

describe('wordpress-mysql (WordPress + MySQL 8.4)', () => {
  const r = () => ex('wordpress-mysql');
  const wp = () => find(r(), 'Deployment', 'wordpress') as Any;
  const db = () => find(r(), 'StatefulSet', 'db') as Any;

  test('one secret, two services: WORDPRESS_DB_PASSWORD and MYSQL_PASSWORD reference the same Secret key (required)', () => {
    const ref = { name: 'blog-secrets', key: 'WORDPRESS_DB_PASSWORD', optional: false };
    expect(envByName(mainContainer(wp())).WORDPRESS_DB_PASSWORD.valueFrom.secretKeyRef).toEqual(ref);
    expect(envByName(mainContainer(db())).MYSQL_PASSWORD.valueFrom.secretKeyRef).toEqual(ref);
    expect(envByName(mainContainer(db())).MYSQL_ROOT_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'blog-secrets', key: 'MYSQL_ROOT_PASSWORD', optional: false });
    // `${WORDPRESS_AUTH_KEY:-}` and friends: optional keys, never an empty literal.
    const env = envByName(mainContainer(wp()));
    for (const k of ['WORDPRESS_AUTH_KEY', 'WORDPRESS_SECURE_AUTH_KEY', 'WORDPRESS_LOGGED_IN_KEY', 'WORDPRESS_NONCE_KEY', 'WORDPRESS_AUTH_SALT', 'WORDPRESS_SECURE_AUTH_SALT', 'WORDPRESS_LOGGED_IN_SALT', 'WORDPRESS_NONCE_SALT']) {
      expect(env[k]).toEqual({ name: k, valueFrom: { secretKeyRef: { name: 'blog-secrets', key: k, optional: true } } });
    }
    expect(env.WORDPRESS_DB_HOST.value).toBe('db:3306');
  });

  test('WordPress binds port 80 as www-data: runAsUser 33 and the safe sysctl net.ipv4.ip_unprivileged_port_start=0', () => {
    const pod = podSpecOf(wp());
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 33, runAsGroup: 33 });
    expect(pod.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(mainContainer(wp()).ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
    expect(mainContainer(wp()).securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('the wordpress Service exposes the container port 80, not the published 8080; curl of localhost became httpGet', () => {
    const svc = find(r(), 'Service', 'wordpress') as Any;
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(JSON.stringify(r().objects)).not.toMatch(/\b8080\b/);
    expect(mainContainer(wp()).readinessProbe.httpGet).toEqual({ path: '/license.txt', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost' }] });
  });

  test('mysql: StatefulSet as UID 999 with a standalone claim on /var/lib/mysql and writable emptyDirs for /var/run/mysqld and /tmp', () => {
    const s = db();
    const pod = s.spec.template.spec;
    const dc = mainContainer(s);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
    expect(s.spec.volumeClaimTemplates).toBeUndefined();
    expect(pod.volumes).toContainEqual({ name: 'db', persistentVolumeClaim: { claimName: 'db' } });
    expect(dc.volumeMounts).toContainEqual({ mountPath: '/var/lib/mysql', name: 'db' });
    expect(volumeAt(pod, dc, '/var/run/mysqld').volume.emptyDir).toBeDefined();
    expect(volumeAt(pod, dc, '/tmp').volume.emptyDir).toBeDefined();
    expect(dc.ports).toEqual([{ name: 'mysql', containerPort: 3306, protocol: 'TCP' }]);
    // The healthcheck is kept as written (exec, not a shell).
    expect(dc.readinessProbe.exec.command).toEqual(['mysqladmin', 'ping', '-h', '127.0.0.1', '--silent']);
  });

  test('mysql resources from mem_limit 1g, mem_reservation 512m, cpus 1.5 (no defaults, no warning)', () => {
    const dc = mainContainer(db());
    expect(dc.resources.limits).toMatchObject({ cpu: '1500m', memory: '1Gi' });
    expect(dc.resources.requests).toMatchObject({ cpu: '1500m', memory: '512Mi' });
    expect(r().warnings.filter((w) => /no resources/.test(w.message))).toEqual([]);
  });

  test('read-only root filesystem in every container; wordpress gets writable /var/www/html (its claim), /tmp and Apache run/lock dirs', () => {
    for (const w of workloads(r())) {
      const pod = w.spec.template.spec;
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) expect([w.metadata.name, c.name, c.securityContext.readOnlyRootFilesystem]).toEqual([w.metadata.name, c.name, true]);
    }
    const pod = podSpecOf(wp());
    const c = mainContainer(wp());
    expect(volumeAt(pod, c, '/var/www/html').volume.persistentVolumeClaim).toEqual({ claimName: 'wordpress' });
    for (const p of ['/tmp', '/var/run/apache2', '/var/lock/apache2']) expect(volumeAt(pod, c, p).volume.emptyDir).toBeDefined();
    // One replica on a ReadWriteOnce claim: no surge pod that would need the volume on another node.
    expect(wp().spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('wordpress waits for mysql (service_healthy) on the db Service port 3306', () => {
    expect(serviceGates(podSpecOf(wp())).map((g) => [g.host, g.port])).toEqual([['db', 3306]]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('nginx-api-worker-redis (queue demo)', () => {
  const r = () => ex('nginx-api-worker-redis');
  const dep = (n: string) => find(r(), 'Deployment', n) as Any;

  test('the bind-mounted nginx.conf became a ConfigMap with the file content, mounted read-only with subPath at default.conf', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples/nginx-api-worker-redis/nginx/nginx.conf'), 'utf8');
    const pod = podSpecOf(dep('nginx'));
    const { mount, volume } = volumeAt(pod, mainContainer(dep('nginx')), '/etc/nginx/conf.d/default.conf');
    expect(mount.readOnly).toBe(true);
    expect(volume.configMap).toBeDefined();
    const cm = find(r(), 'ConfigMap', volume.configMap.name) as Any;
    expect(Object.keys(cm.data)).toEqual([mount.subPath]);
    expect(cm.data[mount.subPath]).toBe(text);
    // Only nginx mounts it.
    expect(workloads(r()).filter((w) => JSON.stringify(w.spec.template.spec.volumes ?? []).includes(volume.configMap.name)).map((w) => w.metadata.name)).toEqual(['nginx']);
  });

  test('api: 2 replicas, a PDB with maxUnavailable 1 on exactly its pods, pod anti-affinity and topology spread on its own labels', () => {
    const api = dep('api');
    expect(api.spec.replicas).toBe(2);
    const pdbs = byKind(r(), 'PodDisruptionBudget');
    expect(pdbs.map((p) => p.metadata.name)).toEqual(['api']); // PDBs only for replicas > 1
    expect(pdbs[0].spec.maxUnavailable).toBe(1);
    expect(workloads(r()).filter((w) => selects(pdbs[0].spec.selector, podLabels(w))).map((w) => w.metadata.name)).toEqual(['api']);
    const pod = podSpecOf(api);
    const anti = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(anti.length).toBeGreaterThan(0);
    expect(anti[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(selects(anti[0].podAffinityTerm.labelSelector, podLabels(api))).toBe(true);
    expect(pod.topologySpreadConstraints.length).toBeGreaterThan(0);
    for (const t of pod.topologySpreadConstraints) expect(selects(t.labelSelector, podLabels(api))).toBe(true);
    expect(api.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });

  test('worker: a Deployment with no ports, no Service and no probes (it listens on nothing)', () => {
    const worker = dep('worker');
    const c = mainContainer(worker);
    expect(c.ports ?? []).toEqual([]);
    expect(c.readinessProbe).toBeUndefined();
    expect(c.livenessProbe).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
    expect(byKind(r(), 'Service').filter((s) => backendsOf(r(), s).includes(worker))).toEqual([]);
    expect(c.args).toEqual(['python', 'worker.py']);
    expect(c.image).toBe(mainContainer(dep('api')).image);
  });

  test('redis: a StatefulSet on a standalone claim at /data, Service on its well-known port 6379; api and worker wait for it', () => {
    const s = find(r(), 'StatefulSet', 'redis') as Any;
    expect(s.spec.volumeClaimTemplates).toBeUndefined();
    expect(s.spec.template.spec.volumes).toContainEqual({ name: 'redis-data', persistentVolumeClaim: { claimName: 'redis-data' } });
    expect(mainContainer(s).volumeMounts).toContainEqual({ mountPath: '/data', name: 'redis-data' });
    expect(mainContainer(s).args).toEqual(['redis-server', '--appendonly', 'yes', '--save', '60', '1000']);
    expect(find(r(), 'Service', 'redis')).toMatchObject({ spec: { ports: [{ port: 6379, targetPort: 'redis' }] } });
    expect(serviceGates(podSpecOf(dep('api'))).map((g) => [g.host, g.port])).toEqual([['redis', 6379]]);
    expect(serviceGates(podSpecOf(dep('worker'))).map((g) => [g.host, g.port])).toEqual([['redis', 6379]]);
    expect(serviceGates(podSpecOf(dep('nginx'))).map((g) => [g.host, g.port])).toEqual([['api', 8000]]);
  });

  test('NetworkPolicies: one per compose network on a per-network pod label, plus a default policy on part-of (never an empty podSelector)', () => {
    const pols = byKind(r(), 'NetworkPolicy');
    for (const p of pols) expect([p.metadata.name, Object.keys(p.spec.podSelector?.matchLabels ?? {}).length + (p.spec.podSelector?.matchExpressions ?? []).length]).not.toEqual([p.metadata.name, 0]);
    const netLabel = (n: string) => `network.cdk8s-compose.io/${n}`;
    // Pods carry the label of each compose network they are on.
    const on = (n: string) => workloads(r()).filter((w) => podLabels(w)[netLabel(n)] === 'true').map((w) => w.metadata.name).sort();
    expect(on('frontend')).toEqual(['api', 'nginx']);
    expect(on('backend')).toEqual(['api', 'redis', 'worker']);
    for (const net of ['frontend', 'backend']) {
      const mine = pols.filter((p) => p.spec.podSelector.matchLabels?.[netLabel(net)] === 'true');
      expect([net, mine.length]).toEqual([net, 1]);
      const p = mine[0];
      expect(p.spec.podSelector.matchLabels['app.kubernetes.io/part-of']).toBe('queue-demo');
      expect(p.spec.ingress).toHaveLength(1);
      expect(p.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'queue-demo', [netLabel(net)]: 'true' } } }]);
    }
    const dflt = pols.filter((p) => JSON.stringify(p.spec.podSelector) === JSON.stringify({ matchLabels: { 'app.kubernetes.io/part-of': 'queue-demo' } }));
    expect(dflt).toHaveLength(1);
    expect(dflt[0].spec.policyTypes).toContain('Ingress');
    expect(dflt[0].spec.ingress ?? []).toEqual([]);
    // Policies grow with networks, not with pairs of services: 2 networks + default ingress + default egress + 1 published.
    expect(pols).toHaveLength(5);
  });

  test('reachability follows the compose networks: nginx→api, api/worker→redis allowed; nginx→redis and outside→api denied', () => {
    const nginx = dep('nginx');
    const api = dep('api');
    const worker = dep('worker');
    const redis = find(r(), 'StatefulSet', 'redis') as Any;
    expect(ingressAllowed(r(), podLabels(nginx), api, 8000)).toBe(true);
    expect(ingressAllowed(r(), podLabels(api), redis, 6379)).toBe(true);
    expect(ingressAllowed(r(), podLabels(worker), redis, 6379)).toBe(true);
    expect(ingressAllowed(r(), podLabels(nginx), redis, 6379)).toBe(false);
    expect(ingressAllowed(r(), OUTSIDE, api, 8000)).toBe(false);
    expect(ingressAllowed(r(), OUTSIDE, redis, 6379)).toBe(false);
  });

  test('nginx is reachable from anywhere on its published (container) port 8080, and only on that port', () => {
    const nginx = dep('nginx');
    expect(ingressAllowed(r(), OUTSIDE, nginx, 8080)).toBe(true);
    expect(ingressAllowed(r(), { 'app.kubernetes.io/name': 'something-else' }, nginx, 8080)).toBe(true);
    expect(ingressAllowed(r(), OUTSIDE, nginx, 9999)).toBe(false);
    expect(find(r(), 'Service', 'nginx')).toMatchObject({ spec: { type: 'ClusterIP', ports: [{ port: 8080, targetPort: 'http' }] } });
  });
});

// ---------------------------------------------------------------------------------------------

describe('jobs (PostgREST + golang-migrate + seed)', () => {
  const r = () => ex('jobs');
  const job = () => find(r(), 'Job', /^migrate-[0-9a-f]{8}$/) as Any;
  const app = () => find(r(), 'Deployment', 'app') as Any;
  const seed = () => find(r(), 'Job', /^seed-[0-9a-f]{8}$/) as Any;
  const wave = (o: Any) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);

  test('migrate becomes Job migrate-<8 hex> with component migration and sync-wave 0, between the database and the app', () => {
    const j = job();
    expect(byKind(r(), 'Job').filter((x) => x.metadata.name.startsWith('migrate'))).toHaveLength(1);
    expect(j.metadata.labels['app.kubernetes.io/component']).toBe('migration');
    expect(j.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('migration');
    expect(j.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(wave(find(r(), 'StatefulSet', 'db'))).toBeLessThan(0);
    expect(wave(app())).toBeGreaterThan(0);
    expect(j.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(j.spec.template.spec.restartPolicy).toBe('Never');
    const c = mainContainer(j);
    expect(c.image).toBe('migrate/migrate:v4.18.1');
    expect(c.command).toEqual(['/bin/sh', '-c']);
    // compose `$$DATABASE_URL` is a literal `$DATABASE_URL` for the shell; not a Kubernetes `$(…)` reference.
    expect(c.args).toEqual(['migrate -path /migrations -database "$DATABASE_URL" up']);
    expect(envByName(c).DATABASE_URL.value).toBe('postgres://app:$(POSTGRES_PASSWORD)@db:5432/app?sslmode=disable');
    const names = c.env.map((e: Any) => e.name);
    expect(names.indexOf('POSTGRES_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_URL'));
    expect(serviceGates(j.spec.template.spec).map((g) => [g.host, g.port])).toEqual([['db', 5432]]);
  });

  test('the migrations folder became a ConfigMap with one key per file (same content), mounted read-only at /migrations', () => {
    const dir = path.join(ROOT, 'examples/jobs/migrations');
    const j = job();
    const { mount, volume } = volumeAt(j.spec.template.spec, mainContainer(j), '/migrations');
    expect(mount.readOnly).toBe(true);
    const cm = find(r(), 'ConfigMap', volume.configMap.name) as Any;
    const expected = Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    expect(cm.data).toEqual(expected);
  });

  test('app is gated on the Job by a container whose Role allows only get on exactly that Job', () => {
    const jobName = job().metadata.name;
    const pod = podSpecOf(app());
    const gate = pod.initContainers.find((c: Any) => c.name === 'wait-for-migrate');
    expect(gate).toBeDefined();
    expect(gate.command.join(' ')).toContain(jobName);
    expect(serviceGates(pod).map((g) => [g.host, g.port])).toEqual([['db', 5432]]);
    const bindings = byKind(r(), 'RoleBinding').filter((b) => b.subjects.some((s: Any) => s.kind === 'ServiceAccount' && s.name === pod.serviceAccountName));
    expect(bindings).toHaveLength(1);
    const role = find(r(), 'Role', bindings[0].roleRef.name) as Any;
    expect(bindings[0].roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(role.rules).toEqual([{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'], resourceNames: [jobName] }]);
    // Nothing in the output grants more than get, or anything on other objects.
    for (const rl of byKind(r(), 'Role')) for (const rule of rl.rules) expect(rule).toEqual({ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'], resourceNames: [jobName] });
    expect(byKind(r(), 'ClusterRole')).toEqual([]);
    expect(byKind(r(), 'ClusterRoleBinding')).toEqual([]);
  });

  test('the API token is a projected volume mounted only in the gate container; the pod and the app container get no token', () => {
    for (const w of [app(), seed()]) {
      const pod = w.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      const tokenVolumes = pod.volumes.filter((v: Any) => v.projected?.sources?.some((s: Any) => s.serviceAccountToken));
      expect(tokenVolumes).toHaveLength(1);
      const sources = tokenVolumes[0].projected.sources;
      expect(sources.some((s: Any) => s.configMap?.name === 'kube-root-ca.crt')).toBe(true);
      const users = [...pod.initContainers, ...pod.containers].filter((c: Any) => (c.volumeMounts ?? []).some((m: Any) => m.name === tokenVolumes[0].name));
      expect(users.map((c: Any) => c.name)).toEqual(['wait-for-migrate']);
      expect(users[0].volumeMounts.find((m: Any) => m.name === tokenVolumes[0].name).readOnly).toBe(true);
      expect(find(r(), 'ServiceAccount', pod.serviceAccountName)).toMatchObject({ automountServiceAccountToken: false });
    }
    expect(mainContainer(app()).volumeMounts.map((m: Any) => m.name)).not.toContain('api-token');
  });

  test('seed is a task Job named seed-<8 hex> (its template is immutable too), backoffLimit 3 from max_attempts, itself gated on the migration', () => {
    const s = seed();
    expect(s.metadata.labels['app.kubernetes.io/component']).not.toBe('migration');
    expect(s.spec.backoffLimit).toBe(3);
    expect(s.spec.activeDeadlineSeconds).toBe(1800);
    expect(s.spec.template.spec.restartPolicy).toBe('Never');
    expect(mainContainer(s).args).toEqual(['psql', '-v', 'ON_ERROR_STOP=1', '-f', '/seed/seed.sql']);
    expect(envByName(mainContainer(s)).PGPASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'todos-secrets', key: 'POSTGRES_PASSWORD', optional: false });
    expect(s.spec.template.spec.initContainers.map((c: Any) => c.name)).toEqual(['wait-for-migrate']);
    expect(byKind(r(), 'Job').map((j) => j.metadata.name).sort()).toEqual([job().metadata.name, s.metadata.name].sort());
  });

  test('a new migrate image changes the Job name (and every reference to it); changing only the app environment does not', () => {
    const base = job().metadata.name;
    const newImage = compileDir(copyExample('jobs', (t) => replaceOnce(t, 'image: migrate/migrate:v4.18.1', 'image: migrate/migrate:v4.18.2')));
    const renamed = find(newImage, 'Job', /^migrate-[0-9a-f]{8}$/).metadata.name;
    expect(renamed).not.toBe(base);
    expect(JSON.stringify(newImage.objects)).not.toContain(base);
    for (const rl of byKind(newImage, 'Role')) expect(rl.rules[0].resourceNames).toEqual([renamed]);
    expect(podSpecOf(find(newImage, 'Deployment', 'app')).initContainers.find((c: Any) => c.name === 'wait-for-migrate').command.join(' ')).toContain(renamed);

    const appEnv = compileDir(copyExample('jobs', (t) => replaceOnce(t, 'PGRST_DB_POOL: "10"', 'PGRST_DB_POOL: "20"')));
    expect(envByName(mainContainer(find(appEnv, 'Deployment', 'app'))).PGRST_DB_POOL.value).toBe('20');
    expect(find(appEnv, 'Job', /^migrate-/).metadata.name).toBe(base);
  });

  test('a new migration file changes the Job name: the mounted migrations are part of what the Job runs', () => {
    const base = job().metadata.name;
    const dir = copyExample('jobs');
    fs.writeFileSync(path.join(dir, 'migrations', '000003_add_index.up.sql'), 'CREATE INDEX todos_done ON api.todos (done);\n');
    fs.writeFileSync(path.join(dir, 'migrations', '000003_add_index.down.sql'), 'DROP INDEX IF EXISTS api.todos_done;\n');
    const withNew = compileDir(dir);
    expect(Object.keys((find(withNew, 'ConfigMap', 'migrations') as Any).data)).toContain('000003_add_index.up.sql');
    // With the old name the completed Job is unchanged, kubectl/Argo CD/Flux never run the new migration,
    // and the app's gate passes on the old Job's success.
    expect(find(withNew, 'Job', /^migrate-[0-9a-f]{8}$/).metadata.name).not.toBe(base);
  });
});

// ---------------------------------------------------------------------------------------------

describe('hardened (every compose hardening key)', () => {
  const r = () => ex('hardened');
  const api = () => find(r(), 'Deployment', 'api') as Any;
  const pod = () => podSpecOf(api());
  const c = () => mainContainer(api());

  test('tmpfs entries became memory-backed emptyDirs with their size limits (/tmp 16Mi, /var/cache/edge-api 32Mi)', () => {
    expect(volumeAt(pod(), c(), '/tmp').volume.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '16Mi' });
    expect(volumeAt(pod(), c(), '/var/cache/edge-api').volume.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '32Mi' });
  });

  test('cap_add NET_BIND_SERVICE is kept and everything else dropped; no-new-privileges and read_only hold', () => {
    expect(c().securityContext).toMatchObject({
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    // Non-root processes get no effective capabilities: port 80 works through the safe sysctl.
    expect(pod().securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(c().ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
  });

  test('user 10001:10001 → runAsUser/runAsGroup 10001; stop_grace_period 45s → terminationGracePeriodSeconds 45', () => {
    expect(pod().securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
    expect(pod().terminationGracePeriodSeconds).toBe(45);
  });

  test('start_period 30s with start_interval 2s → a startupProbe polling every 2s for at least 30s', () => {
    const sp = c().startupProbe;
    expect(sp.httpGet).toEqual({ path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost' }] });
    expect(sp.periodSeconds).toBe(2);
    expect(startupWindow(sp)).toBeGreaterThanOrEqual(30);
  });

  test('configs from a file and from content → ConfigMaps mounted read-only at their targets, mode 0440 → 288', () => {
    const appConfig = volumeAt(pod(), c(), '/etc/edge-api/config.json');
    expect(appConfig.mount.readOnly).toBe(true);
    const cm1 = find(r(), 'ConfigMap', appConfig.volume.configMap.name) as Any;
    expect(cm1.data[appConfig.mount.subPath]).toBe(fs.readFileSync(path.join(ROOT, 'examples/hardened/config/app.json'), 'utf8'));
    expect(appConfig.volume.configMap.items).toEqual([{ key: appConfig.mount.subPath, path: appConfig.mount.subPath, mode: 0o440 }]);
    expect(0o440).toBe(288);

    const motd = volumeAt(pod(), c(), '/etc/edge-api/motd.txt');
    expect(motd.mount.readOnly).toBe(true);
    const cm2 = find(r(), 'ConfigMap', motd.volume.configMap.name) as Any;
    // content: is interpolated (APP_ENV defaults to production).
    expect(cm2.data[motd.mount.subPath]).toBe('edge-api (production): authorized use only.\n');
  });

  test('secrets from environment → items of the Secret mounted at /run/secrets/<name> (0400 → 256), never values', () => {
    const token = volumeAt(pod(), c(), '/run/secrets/api_token');
    expect(token.mount.readOnly).toBe(true);
    expect(token.volume.secret).toEqual({ secretName: 'edge-secrets', items: [{ key: 'API_TOKEN', path: token.mount.subPath }] });
    const key = volumeAt(pod(), c(), '/run/secrets/session_signing_key');
    expect(key.mount.readOnly).toBe(true);
    expect(key.volume.secret).toEqual({ secretName: 'edge-secrets', items: [{ key: 'SESSION_SIGNING_KEY', path: key.mount.subPath, mode: 0o400 }] });
    expect(byKind(r(), 'Secret')).toEqual([]);
    expect(r().files.get('SECRETS.md')).toMatch(/^- API_TOKEN \(required/m);
    expect(r().files.get('SECRETS.md')).toMatch(/^- SESSION_SIGNING_KEY \(required/m);
  });

  test('config (0440) and secret (0400) files are readable by UID/GID 10001: the pod sets fsGroup 10001', () => {
    // Without fsGroup the kubelet writes configMap/secret files as root:root with the given mode, so
    // 0440 and 0400 are unreadable for UID 10001 / GID 10001 (EACCES at start-up). With fsGroup the
    // files are group-owned by it and group-readable, which is what compose's uid/gid 10001 asked for.
    expect(pod().securityContext.fsGroup).toBe(10001);
  });

  test('stop_signal and init are reported as not translated', () => {
    const w = warningsText(r());
    expect(w.filter((x) => x.startsWith('services.api.stop_signal: ') && x.includes('not translated'))).toHaveLength(1);
    expect(w.filter((x) => x.startsWith('services.api.init: ') && x.includes('not translated'))).toHaveLength(1);
    // Nothing that 1.28 lacks is emitted.
    expect(JSON.stringify(c())).not.toMatch(/stopSignal|preStop/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('every example', () => {
  const selectorKeys = ['app.kubernetes.io/instance', 'app.kubernetes.io/name'];

  for (const name of EXAMPLES) {
    describe(name, () => {
      const r = () => ex(name);

      test('every container and init container: requests cpu/memory, memory limit, no escalation, drop ALL, read-only root', () => {
        for (const w of workloads(r())) {
          const pod = w.spec.template.spec;
          for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
            const where = `${w.kind}/${w.metadata.name}/${c.name}`;
            expect([where, c.resources?.requests?.cpu, c.resources?.requests?.memory, c.resources?.limits?.memory].map((x) => x !== undefined)).toEqual([true, true, true, true]);
            expect([where, parseQuantity(c.resources.requests.memory) <= parseQuantity(c.resources.limits.memory)]).toEqual([where, true]);
            if (c.resources.limits.cpu !== undefined) expect([where, parseQuantity(c.resources.requests.cpu) <= parseQuantity(c.resources.limits.cpu)]).toEqual([where, true]);
            expect([where, c.securityContext]).toMatchObject([where, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }]);
            expect([where, c.securityContext.capabilities.drop]).toEqual([where, ['ALL']]);
            expect([where, c.securityContext.privileged ?? false]).toEqual([where, false]);
          }
        }
      });

      test('every pod: runAsNonRoot, numeric non-zero UID/GID, seccomp RuntimeDefault, no token automount, an existing ServiceAccount', () => {
        const accounts = new Set(byKind(r(), 'ServiceAccount').map((s) => s.metadata.name));
        expect(workloads(r()).length).toBeGreaterThan(0);
        for (const w of workloads(r())) {
          const pod = w.spec.template.spec;
          const where = `${w.kind}/${w.metadata.name}`;
          const sc = pod.securityContext;
          expect([where, sc.runAsNonRoot, sc.seccompProfile]).toEqual([where, true, { type: 'RuntimeDefault' }]);
          expect([where, Number.isInteger(sc.runAsUser) && sc.runAsUser > 0]).toEqual([where, true]);
          expect([where, Number.isInteger(sc.runAsGroup) && sc.runAsGroup > 0]).toEqual([where, true]);
          expect([where, pod.automountServiceAccountToken]).toEqual([where, false]);
          expect([where, accounts.has(pod.serviceAccountName)]).toEqual([where, true]);
          expect([where, pod.hostNetwork ?? false, pod.hostPID ?? false, pod.hostIPC ?? false]).toEqual([where, false, false, false]);
          for (const c of pod.containers) for (const p of c.ports ?? []) expect([where, p.hostPort]).toEqual([where, undefined]);
        }
      });

      test('every selector of a workload (workloads, Services, PDBs, affinity, spread, its NetworkPolicies) is exactly app.kubernetes.io/name + instance', () => {
        const selectors: [string, Record<string, string>][] = [];
        for (const o of r().objects as Any[]) {
          const where = `${o.kind}/${o.metadata.name}`;
          if (o.kind === 'Service') selectors.push([where, o.spec.selector]);
          if (o.kind === 'PodDisruptionBudget') selectors.push([where, o.spec.selector.matchLabels]);
          if (o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels['app.kubernetes.io/name'] !== undefined) selectors.push([where, o.spec.podSelector.matchLabels]);
          if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)) {
            expect([where, o.spec.selector.matchExpressions]).toEqual([where, undefined]);
            selectors.push([where, o.spec.selector.matchLabels]);
            expect(selects(o.spec.selector, podLabels(o))).toBe(true);
            const pod = o.spec.template.spec;
            for (const t of pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) selectors.push([`${where} anti-affinity`, t.podAffinityTerm.labelSelector.matchLabels]);
            for (const t of pod.topologySpreadConstraints ?? []) selectors.push([`${where} spread`, t.labelSelector.matchLabels]);
          }
        }
        expect(selectors.length).toBeGreaterThan(0);
        for (const [where, sel] of selectors) {
          // component, version and network labels stay labels: an edit may change them, a selector is immutable.
          expect([where, Object.keys(sel ?? {}).sort()]).toEqual([where, selectorKeys]);
          expect([where, sel['app.kubernetes.io/instance']]).toEqual([where, r().model.project]);
        }
        expect(JSON.stringify(r().objects)).not.toContain('cdk8s.io/metadata.addr');
      });

      test('every Service selects exactly one workload, and each targetPort is a named container port of it', () => {
        for (const svc of byKind(r(), 'Service')) {
          const backends = backendsOf(r(), svc);
          expect([svc.metadata.name, backends.length]).toEqual([svc.metadata.name, 1]);
          const ports = containerPortsOf(backends[0]);
          for (const p of svc.spec.ports) {
            expect([svc.metadata.name, typeof p.targetPort]).toEqual([svc.metadata.name, 'string']);
            const cp = ports.find((x: Any) => x.name === p.targetPort);
            expect([svc.metadata.name, p.targetPort, cp?.containerPort]).toEqual([svc.metadata.name, p.targetPort, p.port]);
          }
        }
      });

      test('every wait-for-service gate targets an existing Service port that the NetworkPolicies let the gated pod reach', () => {
        for (const w of workloads(r())) {
          for (const g of serviceGates(w.spec.template.spec)) {
            const where = `${w.metadata.name} → ${g.host}:${g.port}`;
            const svc = find(r(), 'Service', g.host) as Any;
            const sp = svc.spec.ports.find((p: Any) => p.port === g.port);
            expect([where, sp !== undefined]).toEqual([where, true]);
            const [backend] = backendsOf(r(), svc);
            const target = containerPortsOf(backend).find((x: Any) => x.name === sp.targetPort).containerPort;
            expect([where, ingressAllowed(r(), podLabels(w), backend, target)]).toEqual([where, true]);
          }
        }
      });

      test('NetworkPolicies never select pods outside the project (no empty podSelector)', () => {
        const pols = byKind(r(), 'NetworkPolicy');
        expect(pols.length).toBeGreaterThan(0);
        for (const p of pols) {
          expect([p.metadata.name, JSON.stringify(p.spec.podSelector ?? {})]).not.toEqual([p.metadata.name, '{}']);
          expect([p.metadata.name, selects(p.spec.podSelector, { 'app.kubernetes.io/name': 'other', 'app.kubernetes.io/part-of': 'another-app' })]).toEqual([p.metadata.name, false]);
        }
      });

      test('no secret value reaches the output when every secret variable is set; the files do not change', () => {
        const keys = [...r().files.get('SECRETS.md')!.matchAll(/^- ([A-Z0-9_]+) \(/gm)].map((m) => m[1]);
        if (keys.length === 0) {
          // Nothing secret in this project: SECRETS.md says so and nothing references a Secret.
          expect(r().files.get('SECRETS.md')).toContain('reference no Secret');
          expect(JSON.stringify(r().objects)).not.toMatch(/secretKeyRef|secretName|"Secret"/);
          return;
        }
        const environment = Object.fromEntries(keys.map((k) => [k, `sentinel-${k.toLowerCase().replace(/_/g, '-')}-q7z`]));
        const withValues = compileExample(name, { environment });
        const all = [...withValues.files.values()].join('\n');
        for (const v of Object.values(environment)) expect(all).not.toContain(v);
        expect(withoutDefinedness(withValues.files)).toEqual(withoutDefinedness(r().files));
      });

      test('the order of services in the compose file does not matter: reordered copies give byte-identical files', () => {
        const text = fs.readFileSync(path.join(ROOT, 'examples', name, 'compose.yaml'), 'utf8');
        const original = serviceOrderOf(text);
        expect(original.sort()).toEqual(Object.keys(r().project.services).sort());
        const permutations = [<T>(xs: T[]) => [...xs].reverse(), <T>(xs: T[]) => [...xs.slice(1), ...xs.slice(0, 1)]];
        for (const permute of permutations) {
          const re = reorderServices(text, permute);
          if (original.length > 1) expect(re.order).not.toEqual(serviceOrderOf(text));
          const out = compileDir(copyExample(name, () => re.text));
          expect(Object.keys(out.project.services).sort()).toEqual(Object.keys(r().project.services).sort());
          expect(filesOf(out)).toEqual(filesOf(r()));
        }
      });
    });
  }
});
