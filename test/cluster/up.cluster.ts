/**
 * `up`, `ps` and `down` on the real control plane (issue 28), end to end with the command as a
 * user runs it: the flagship example (examples/seed: database, migration Job, backend) deployed,
 * listed, edited (image bump, Secret value change, a service removed) and deployed again, then
 * taken down in two steps; and the failures `up` must diagnose.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';
import { cdk8sCompose, cliEntry } from './cli';
import { Any, applyObject, Cluster, connect, kubectl, list, request, sleep } from './kube';

let c: Cluster;
let work: string;
const NS = 'up-seed';
const PART_OF = 'applyset.kubernetes.io/part-of';
const SECRETS = { POSTGRES_PASSWORD: 'pg-value-1', JWT_SECRET_KEY: 'jwt-value-1', ENCRYPTION_KEY: 'enc-value-1' };
/** Only the default provider (pre-created Secrets) is `up`'s to fill; the seed's own default is external-secrets. */
const UP = ['up', '--secrets', 'external', '-n', NS, '--timeout', '4m'];

const writeEnv = (values: Record<string, string>) =>
  fs.writeFileSync(path.join(work, '.env'), Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));

const NAMESPACES = [NS, 'up-fail-secret', 'up-fail-claim', 'up-fail-job', 'up-fail-pods'];

beforeAll(async () => {
  c = connect();
  // A control plane reused across runs (CDK8S_COMPOSE_TEST_KUBECONFIG): the last run's namespaces may still be terminating.
  for (const ns of NAMESPACES) {
    for (let i = 0; i < 120 && (await request(c, 'GET', `/api/v1/namespaces/${ns}`).catch(() => undefined)) !== undefined; i++) {
      await request(c, 'DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
      await sleep(1000);
    }
  }
  cliEntry();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-up-'));
  fs.cpSync(path.join(ROOT, 'examples', 'seed'), work, { recursive: true });
  writeEnv(SECRETS);
  // One more service, removed later: up must prune it.
  fs.writeFileSync(path.join(work, 'compose.override.yaml'), 'services:\n  worker:\n    image: ghcr.io/acme/worker:1.0.0\n    user: "1000:1000"\n');
});

afterAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  for (const ns of NAMESPACES) await request(c, 'DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
});

const get = (p: string) => request(c, 'GET', p);
const condition = (o: Any, type: string) => (o.status?.conditions ?? []).some((x: Any) => x.type === type && x.status === 'True');
const jobs = () => list(c, `/apis/batch/v1/namespaces/${NS}/jobs`);

/** Every object of the namespace of the kinds a project holds, as `Kind/name`. */
async function inventory(ns: string, selector = ''): Promise<string[]> {
  const kinds: [string, string][] = [
    ['Deployment', '/apis/apps/v1'], ['StatefulSet', '/apis/apps/v1'], ['Job', '/apis/batch/v1'], ['Service', '/api/v1'],
    ['ServiceAccount', '/api/v1'], ['NetworkPolicy', '/apis/networking.k8s.io/v1'], ['PersistentVolumeClaim', '/api/v1'],
    ['Secret', '/api/v1'], ['ConfigMap', '/api/v1'], ['Role', '/apis/rbac.authorization.k8s.io/v1'], ['RoleBinding', '/apis/rbac.authorization.k8s.io/v1'],
    ['PodDisruptionBudget', '/apis/policy/v1'],
  ];
  const out: string[] = [];
  for (const [kind, base] of kinds) {
    const plural = kind === 'PodDisruptionBudget' ? 'poddisruptionbudgets' : kind === 'NetworkPolicy' ? 'networkpolicies' : `${kind.toLowerCase()}s`;
    const items = await list(c, `${base}/namespaces/${ns}/${plural}${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''}`);
    out.push(...items.map((o: Any) => `${kind}/${o.metadata.name}`));
  }
  return out.sort();
}

/** The objects the compose project compiles to (what up applies), as `Kind/name`. */
async function compiled(): Promise<string[]> {
  const r = await cdk8sCompose(['synth', '--secrets', 'external', '-n', NS, '--stdout', '-q'], work);
  expect(r.code).toBe(0);
  return [...r.stdout.matchAll(/^kind: (\S+)\n(?:.*\n)*?^  name: (\S+)$/gm)].map((m) => `${m[1]}/${m[2]}`).filter((k) => !k.startsWith('Namespace/')).sort();
}

test('up deploys the flagship example: the migration Job completed, the backend available; ps shows it', async () => {
  const t0 = Date.now();
  const r = await cdk8sCompose(UP, work);
  expect(r.stderr).toMatch(/up: tutor is ready in namespace up-seed/);
  expect(r.code).toBe(0);
  // Not a terminal: plain progress lines, one per service and change, no control sequences.
  expect(r.stderr).not.toMatch(/\x1b/);
  expect(r.stderr).toMatch(/^… backend {14}0\/1   restarts 0   Deployment\/backend: 0\/1 available/m);
  expect(r.stderr).toMatch(/^✓ backend {14}1\/1   restarts 0   ready$/m);
  expect(r.stderr).toMatch(/^✓ migrate {14}1\/1   restarts 0   ready$/m);
  // The values reached the cluster, never the screen.
  for (const v of Object.values(SECRETS)) expect(r.stdout + r.stderr).not.toContain(v);
  const [job] = await jobs();
  expect(condition(job, 'Complete')).toBe(true);
  const backend = await get(`/apis/apps/v1/namespaces/${NS}/deployments/backend`);
  expect(backend.status.availableReplicas).toBe(1);
  // The Job completed before the backend's pods were created (waves).
  const pods = await list(c, `/api/v1/namespaces/${NS}/pods?labelSelector=app.kubernetes.io%2Fname%3Dbackend`);
  const done = new Date(job.status.completionTime).getTime();
  for (const p of pods) expect(new Date(p.metadata.creationTimestamp).getTime()).toBeGreaterThanOrEqual(done - 1000);
  // One rollout: the Secrets' hash is in the backend's first version, not a second one.
  expect(await list(c, `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app.kubernetes.io%2Fname%3Dbackend`)).toHaveLength(1);
  expect(backend.spec.template.metadata.annotations['cdk8s-compose.io/secrets-hash']).toMatch(/^[0-9a-f]{16}$/);
  expect(backend.metadata.managedFields.find((f: Any) => f.manager === 'cdk8s-compose-restart').fieldsV1).toEqual({
    'f:spec': { 'f:template': { 'f:metadata': { 'f:annotations': { 'f:cdk8s-compose.io/secrets-hash': {} } } } },
  });
  const ns = await get(`/api/v1/namespaces/${NS}`);
  expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  const secret = await get(`/api/v1/namespaces/${NS}/secrets/tutor-secrets`);
  expect(Buffer.from(secret.data.POSTGRES_PASSWORD, 'base64').toString()).toBe(SECRETS.POSTGRES_PASSWORD);
  expect(secret.metadata.labels[PART_OF]).toBeUndefined();
  const ps = await cdk8sCompose(['ps', '-n', NS], work);
  expect(ps.code).toBe(0);
  expect(ps.stdout).toMatch(/^backend\s+Deployment\/backend\s+1\/1\s+0\s+\S+\s+ghcr\.io\/acme\/tutor-backend:1\.4\.2/m);
  expect(ps.stdout).toMatch(/^db\s+StatefulSet\/db\s+1\/1/m);
  expect(ps.stdout).toMatch(/^migrate\s+Job\/migrate-\w+\s+1\/1/m);
  expect(ps.stdout).toMatch(/^worker\s+Deployment\/worker\s+1\/1/m);
  // -p NAME without a compose file (as `docker compose -p NAME ps`).
  const byName = await cdk8sCompose(['ps', '-p', 'tutor', '-n', NS], os.tmpdir());
  expect(byName.code).toBe(0);
  expect(byName.stdout.split('\n').map((l) => l.split(/\s+/)[1])).toEqual(ps.stdout.split('\n').map((l) => l.split(/\s+/)[1]));
  const json = JSON.parse((await cdk8sCompose(['ps', '-n', NS, '--json'], work)).stdout);
  expect(json.map((x: Any) => x.service)).toEqual(['backend', 'db', 'migrate', 'worker']);
  console.log(`up of examples/seed: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});

test("kubectl's label selection over the parent's group-kinds finds exactly up's set", async () => {
  const parent = await get(`/api/v1/namespaces/${NS}/secrets/cdk8s-compose-tutor`);
  const id = parent.metadata.labels['applyset.kubernetes.io/id'];
  expect(id).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
  expect(parent.metadata.annotations['applyset.kubernetes.io/tooling']).toMatch(/^cdk8s-compose\/\d+\.\d+\.\d+/);
  const kinds = parent.metadata.annotations['applyset.kubernetes.io/contains-group-kinds'].split(',');
  const r = await kubectl(c, ['get', kinds.join(','), '-n', NS, '-l', `${PART_OF}=${id}`, '-o', 'name']);
  expect(r.stderr).toBe('');
  const found = r.stdout.trim().split('\n').map((l) => l.replace(/^([a-z]+)(?:\.[a-z0-9.]+)?\//, (_m, k) => `${k}/`)).sort();
  const want = (await compiled()).map((k) => k.replace(/^(\w+)\//, (_m, k) => `${k.toLowerCase()}/`)).sort();
  expect(found).toEqual(want);
});

test('an edit (image bump, a changed Secret value, a service removed) and up again: rollout, migration re-run, restart, prune', async () => {
  const [oldJob] = await jobs();
  const before = await get(`/apis/apps/v1/namespaces/${NS}/deployments/backend`);
  const file = path.join(work, 'compose.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('tutor-backend:1.4.2', 'tutor-backend:1.4.3'));
  fs.rmSync(path.join(work, 'compose.override.yaml'));
  writeEnv({ ...SECRETS, JWT_SECRET_KEY: 'jwt-value-2' });
  const dry = await cdk8sCompose([...UP, '--dry-run'], work);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toMatch(/^create  Job\/migrate-/m);
  expect(dry.stdout).toMatch(/^change  Deployment\/backend: .*spec\.template/m);
  expect(dry.stdout).toMatch(/^prune   Deployment\/worker$/m);
  expect((await get(`/apis/apps/v1/namespaces/${NS}/deployments/backend`)).metadata.generation).toBe(before.metadata.generation);
  const r = await cdk8sCompose(UP, work);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/pruned Deployment\/worker/);
  expect(r.stderr).toMatch(new RegExp(`pruned Job/${oldJob.metadata.name}`));
  const after = await get(`/apis/apps/v1/namespaces/${NS}/deployments/backend`);
  expect(after.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/tutor-backend:1.4.3');
  expect(after.status.updatedReplicas).toBe(1);
  expect(after.status.availableReplicas).toBe(1);
  const hash = 'cdk8s-compose.io/secrets-hash';
  expect(after.spec.template.metadata.annotations[hash]).toMatch(/^[0-9a-f]{16}$/);
  expect(after.spec.template.metadata.annotations[hash]).not.toBe(before.spec.template.metadata.annotations[hash]);
  // One rollout for the whole edit: the new image and the new hash in one template, no version in between.
  const rs = await list(c, `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app.kubernetes.io%2Fname%3Dbackend`);
  expect(rs.map((x: Any) => [x.spec.template.spec.containers[0].image, x.spec.template.metadata.annotations[hash]]).sort()).toEqual([
    ['ghcr.io/acme/tutor-backend:1.4.2', before.spec.template.metadata.annotations[hash]],
    ['ghcr.io/acme/tutor-backend:1.4.3', after.spec.template.metadata.annotations[hash]],
  ]);
  expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  expect(after.metadata.managedFields.find((f: Any) => f.manager === 'cdk8s-compose-restart').fieldsV1).toEqual({
    'f:spec': { 'f:template': { 'f:metadata': { 'f:annotations': { 'f:cdk8s-compose.io/secrets-hash': {} } } } },
  });
  const now = await jobs();
  expect(now.map((j: Any) => j.metadata.name)).not.toContain(oldJob.metadata.name);
  expect(now).toHaveLength(1);
  expect(condition(now[0], 'Complete')).toBe(true);
  expect(now[0].spec.template.spec.containers[0].image).toBe('ghcr.io/acme/tutor-backend:1.4.3');
  await expect(get(`/apis/apps/v1/namespaces/${NS}/deployments/worker`)).rejects.toThrow(/404/);
});

test('up again with nothing changed rolls nothing; a Secret value alone rolls the backend once', async () => {
  const workloads = async () => [
    ...(await list(c, `/apis/apps/v1/namespaces/${NS}/deployments`)),
    ...(await list(c, `/apis/apps/v1/namespaces/${NS}/statefulsets`)),
  ].map((o: Any) => `${o.metadata.name}@${o.metadata.generation}`).sort();
  const replicaSets = async () => (await list(c, `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app.kubernetes.io%2Fname%3Dbackend`)).length;
  const before = await workloads();
  const sets = await replicaSets();
  expect((await cdk8sCompose(UP, work)).code).toBe(0);
  expect(await workloads()).toEqual(before);
  expect(await replicaSets()).toBe(sets);
  const gen = (await get(`/apis/apps/v1/namespaces/${NS}/deployments/backend`)).metadata.generation;
  writeEnv({ ...SECRETS, JWT_SECRET_KEY: 'jwt-value-2', ENCRYPTION_KEY: 'enc-value-2' });
  expect((await cdk8sCompose(UP, work)).code).toBe(0);
  const backend = await get(`/apis/apps/v1/namespaces/${NS}/deployments/backend`);
  expect(backend.metadata.generation).toBe(gen + 1);
  expect(backend.status.updatedReplicas).toBe(1);
  expect(await replicaSets()).toBe(sets + 1);
});

test('down leaves only the claims and Secrets, never a bystander; down --volumes --secrets leaves nothing of the project', async () => {
  await applyObject(c, `/api/v1/namespaces/${NS}/configmaps/bystander`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bystander', labels: { 'app.kubernetes.io/instance': 'tutor' } }, data: { a: 'b' } });
  const r = await cdk8sCompose(['down', '-n', NS], work);
  expect(r.code).toBe(0);
  const left = (await inventory(NS)).filter((k) => !/^(ServiceAccount\/default|ConfigMap\/kube-root-ca\.crt)$/.test(k));
  expect(left.filter((k) => !/^(PersistentVolumeClaim|Secret)\//.test(k))).toEqual(['ConfigMap/bystander']);
  expect(left).toEqual(expect.arrayContaining(['PersistentVolumeClaim/postgres-data', 'Secret/tutor-secrets']));
  expect((await list(c, `/api/v1/namespaces/${NS}/pods`)).length).toBe(0);
  const all = await cdk8sCompose(['down', '-p', 'tutor', '-n', NS, '--volumes', '--secrets'], os.tmpdir());
  expect(all.code).toBe(0);
  const none = (await inventory(NS)).filter((k) => !/^(ServiceAccount\/default|ConfigMap\/kube-root-ca\.crt)$/.test(k));
  expect(none).toEqual(['ConfigMap/bystander']);
  expect((await get(`/api/v1/namespaces/${NS}`)).status.phase).toBe('Active');
});

test('a missing Secret value: exit 1 before anything is applied', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-up-fail-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), 'name: nosecret\nservices:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    user: "1000:1000"\n    secrets: [token]\nsecrets:\n  token:\n    environment: APP_TOKEN\n');
  const r = await cdk8sCompose(['up', '-n', 'up-fail-secret'], dir);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/APP_TOKEN/);
  expect(r.stderr).toMatch(/nothing applied|nothing was applied/);
  await expect(get('/api/v1/namespaces/up-fail-secret')).rejects.toThrow(/404/);
});

test('a claim that cannot bind: exit 1 with the diagnosis', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-up-fail-'));
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    'name: noclaim\nservices:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    user: "1000:1000"\n    volumes: [data:/data]\nvolumes:\n  data:\n    x-k8s:\n      storageClass: no-such-class\n',
  );
  const r = await cdk8sCompose(['up', '-n', 'up-fail-claim', '--timeout', '15s'], dir);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/PersistentVolumeClaim\/data: Pending/);
  expect(r.stderr).toMatch(/check: .*StorageClass/);
});

test('a Job whose pods the cluster refuses (a quota of no pods): exit 1 at once with the refusal', async () => {
  const ns = 'up-fail-job';
  await applyObject(c, `/api/v1/namespaces/${ns}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await applyObject(c, `/api/v1/namespaces/${ns}/resourcequotas/no-pods`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-pods' }, spec: { hard: { pods: '0' } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-up-fail-'));
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    'name: nojob\nservices:\n  migrate:\n    image: ghcr.io/acme/app:1.0.0\n    user: "1000:1000"\n    restart: "no"\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    user: "1000:1000"\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n',
  );
  const t0 = Date.now();
  const r = await cdk8sCompose(['up', '-n', ns, '--timeout', '2m'], dir);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/cannot become ready/);
  expect(r.stderr).toMatch(/✗ migrate: .*forbidden: exceeded quota: no-pods/);
  expect(r.stderr).toMatch(/check: the namespace's ResourceQuotas/);
  // At once: the refusal, not the timeout; and the app waiting on the Job was never applied.
  expect(Date.now() - t0).toBeLessThan(60_000);
  await expect(get(`/apis/apps/v1/namespaces/${ns}/deployments/app`)).rejects.toThrow(/404/);
});

test("a Job whose pods fail (kwok's pod-failed stage, by the pods' annotation): exit 1 with the diagnosis; the app is never applied", async () => {
  const ns = 'up-fail-pods';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-up-fail-'));
  // restart: on-failure:1 is compose's "retry once": backoffLimit 1, so the Job fails after two pods.
  // The annotation is compose's (container annotations): it reaches the pods, where kwok reads it.
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    [
      'name: failjob',
      'services:',
      '  migrate:',
      '    image: ghcr.io/acme/app:1.0.0',
      '    user: "1000:1000"',
      '    restart: "on-failure:1"',
      '    annotations:',
      '      cdk8s-compose.test/outcome: failed',
      '  app:',
      '    image: ghcr.io/acme/app:1.0.0',
      '    user: "1000:1000"',
      '    depends_on:',
      '      migrate:',
      '        condition: service_completed_successfully',
      '',
    ].join('\n'),
  );
  const t0 = Date.now();
  // As on a terminal 200 columns wide: the live view redraws its lines in place.
  const r = await cdk8sCompose(['up', '-n', ns, '--timeout', '90s'], dir, { CDK8S_COMPOSE_TEST_TTY: '200' });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.code).toBe(1);
  const [job] = await list(c, `/apis/batch/v1/namespaces/${ns}/jobs`);
  expect(job.spec.backoffLimit).toBe(1);
  const name = job.metadata.name;
  // The live view: the Job running, then the same line redrawn (cursor up one line, line cleared) as failed.
  expect(r.stderr).toMatch(new RegExp(`^\x1b\\[2K… migrate {14}0/1   restarts 0   Job/${name}: running \\(0 succeeded, [01] failed\\)\n`, 'm'));
  expect(r.stderr).toContain(`\x1b[1A\x1b[2K✗ migrate              0/1   restarts 0   Job/${name} failed: BackoffLimitExceeded`);
  // The diagnosis, after the view: the Job's failure, each pod's container state and exit code, the events, what to check.
  const diagnosis = r.stderr.slice(r.stderr.indexOf('cannot become ready:'));
  expect(diagnosis).toMatch(new RegExp(`^✗ migrate: Job/${name} failed: BackoffLimitExceeded`, 'm'));
  const pods = await list(c, `/api/v1/namespaces/${ns}/pods`);
  expect(pods).toHaveLength(2);
  for (const p of pods) {
    expect(p.metadata.annotations['cdk8s-compose.test/outcome']).toBe('failed');
    expect(diagnosis).toContain(`    pod ${p.metadata.name}: Failed\n      container migrate: terminated: Error, exit code 1\n`);
  }
  expect(diagnosis).toMatch(new RegExp(`^      Warning Job/${name}: BackoffLimitExceeded: Job has reached the specified backoff limit$`, 'm'));
  expect(diagnosis).toContain(`check: the container's logs: kubectl logs -n ${ns} -l batch.kubernetes.io/job-name=${name} --all-containers --prefix\n`);
  expect(r.stderr).toMatch(/up: failjob is not ready in namespace up-fail-pods; nothing was pruned\n$/);
  expect(r.stderr).not.toMatch(/is ready|✓ app/);
  // The failure, not the timeout: two pods and the Job controller's 10 s back-off between them.
  expect(r.stderr).not.toMatch(/before the timeout/);
  expect(Date.now() - t0).toBeLessThan(60_000);
  await expect(get(`/apis/apps/v1/namespaces/${ns}/deployments/app`)).rejects.toThrow(/404/);
});
